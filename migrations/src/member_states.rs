// The single source of the member-state reference data: seeded by migration and
// `include!`d by `app::domain` so the UI needs no database round trip for names.
/// The 16 SADC member states: ISO 3166-1 alpha-2 code and names in English, French, Portuguese.
pub const MEMBER_STATES: [(&str, &str, &str, &str); 16] = [
    ("AO", "Angola", "Angola", "Angola"),
    ("BW", "Botswana", "Botswana", "Botsuana"),
    ("KM", "Comoros", "Comores", "Comores"),
    ("CD", "Democratic Republic of the Congo", "République démocratique du Congo", "República Democrática do Congo"),
    ("SZ", "Eswatini", "Eswatini", "Essuatíni"),
    ("LS", "Lesotho", "Lesotho", "Lesoto"),
    ("MG", "Madagascar", "Madagascar", "Madagáscar"),
    ("MW", "Malawi", "Malawi", "Malawi"),
    ("MU", "Mauritius", "Maurice", "Maurícia"),
    ("MZ", "Mozambique", "Mozambique", "Moçambique"),
    ("NA", "Namibia", "Namibie", "Namíbia"),
    ("SC", "Seychelles", "Seychelles", "Seicheles"),
    ("ZA", "South Africa", "Afrique du Sud", "África do Sul"),
    ("TZ", "United Republic of Tanzania", "République-Unie de Tanzanie", "República Unida da Tanzânia"),
    ("ZM", "Zambia", "Zambie", "Zâmbia"),
    ("ZW", "Zimbabwe", "Zimbabwe", "Zimbabué"),
];
