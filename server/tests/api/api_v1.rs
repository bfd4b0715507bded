//! The JSON API: the OpenAPI document matches the routes and is valid; tokens are shown once,
//! act as their owner (own country only), and stop working when revoked.

use crate::helpers::*;
use app::domain::Role;
use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

const CSV: &str = "code,theme,level,states,text_en\nR1,labour,national,ALL,Adopt labour migration policies.\nR2,data,national,\"TZ, MZ\",Publish migration statistics.\nR3,border,national,ZA,One-stop border posts.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_exactly_the_routes_and_is_valid() {
    let app = spawn_app().await;
    let res = app.client().get("/api/v1/openapi.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let doc: serde_json::Value = res.json().await.unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), path.clone())))
        .collect();
    documented.sort();
    let mut routed: Vec<(String, String)> = server::api_v1::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routed.sort();
    assert_eq!(documented, routed);
    // Every route answers (not the app's HTML 404): a missing meeting is a JSON 404.
    for (method, path) in server::api_v1::ROUTES {
        let url = format!("{}{}", app.base, path.replace("{id}", "999").replace("{recommendation}", "1").replace("{reporter}", "TZ"));
        let res = if method == "get" {
            reqwest::get(&url).await.unwrap()
        } else {
            reqwest::Client::new().post(&url).json(&serde_json::json!({})).send().await.unwrap()
        };
        assert_ne!(res.headers()["content-type"], "text/html; charset=utf-8", "{method} {path}");
    }
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, json\nfrom openapi_spec_validator import validate\nvalidate(json.load(open(sys.argv[1])))\nprint('valid')",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/src/openapi.json"))
        .output()
        .expect("python3 with openapi-spec-validator (scripts/setup.sh installs it)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_act_as_their_focal_point_and_can_be_revoked() {
    let app = spawn_app().await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let tz = app.signed_in("fp@gov.tz", Role::FocalPoint, Some("TZ")).await;
    let delegate = app.signed_in("d@x.org", Role::Delegate, None).await;
    let m = create_meeting(&sec, "API meeting").await;
    sec.post("/api/meetings/status", &[("id", &m.to_string()), ("version", "1"), ("to", "announced")]).await;
    let ids = {
        let u = app::ssr::auth::to_current_user(&app::ssr::entities::app_user::Entity::find_by_id(1).one(&app.db).await.unwrap().unwrap())
            .unwrap();
        app::features::plan::service::import(&app.db, &u, m, "p.csv", CSV.as_bytes(), chrono::Utc::now()).await.unwrap();
        let v = app::features::plan::service::find_plan(&app.db, m).await.unwrap().unwrap().version;
        let f = app::features::plan::types::PlanStepForm {
            meeting_id: m.to_string(),
            version: v.to_string(),
            step: "adopt".into(),
            adopted_on: "2026-11-01".into(),
            ..Default::default()
        };
        app::features::plan::service::step(&app.db, &u, &f, chrono::Utc::now()).await.unwrap();
        let today = chrono::Utc::now().date_naive();
        let c = app::features::reports::types::CycleForm {
            meeting_id: m.to_string(),
            title: "2027".into(),
            opens_on: today.to_string(),
            due_on: (today + chrono::Duration::days(9)).to_string(),
            recommendations: vec![],
        };
        app::features::reports::service::open_cycle(&app.db, &u, &c, chrono::Utc::now()).await.unwrap();
        app::features::plan::service::recommendations_of(&app.db, m).await.unwrap().iter().map(|r| r.id).collect::<Vec<_>>()
    };

    // Delegates hold no tokens; a focal point's new token is shown once, never in a URL.
    assert_eq!(delegate.post("/api/tokens/create", &[("name", "x")]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_fields(tz.post("/api/tokens/create", &[("name", " ")]).await).await, ["name"]);
    let res = tz.post("/api/tokens/create", &[("name", "Ministry system")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(!body.contains("midsa_"), "the answer carries no token: {body}");
    let first: serde_json::Value = tz.post_raw("/api/tokens/list", &[]).await.json().await.unwrap();
    let token = first["new_token"].as_str().unwrap().to_string();
    assert!(token.starts_with("midsa_"));
    let again: serde_json::Value = tz.post_raw("/api/tokens/list", &[]).await.json().await.unwrap();
    assert!(again["new_token"].is_null(), "shown once");
    assert_eq!(again["tokens"][0]["name"], "Ministry system");

    let api = reqwest::Client::new();
    let bearer = format!("Bearer {token}");
    let get = |path: String, auth: Option<String>| {
        let (api, base) = (api.clone(), app.base.clone());
        async move {
            let mut r = api.get(format!("{base}{path}"));
            if let Some(a) = auth {
                r = r.header(AUTHORIZATION, a);
            }
            r.send().await.unwrap()
        }
    };
    let res = get("/api/v1/meetings".into(), Some(bearer.clone())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let lists: serde_json::Value = res.json().await.unwrap();
    assert!(lists["upcoming"].as_array().unwrap().iter().any(|x| x["id"] == m));
    assert_eq!(get("/api/v1/meetings".into(), Some("Bearer midsa_wrong".into())).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(get("/api/v1/meetings".into(), Some("Basic abc".into())).await.status(), StatusCode::UNAUTHORIZED);
    let plan: serde_json::Value = get(format!("/api/v1/meetings/{m}/plan"), None).await.json().await.unwrap();
    assert_eq!(plan["recommendations"].as_array().unwrap().len(), 3, "an adopted plan is public");
    assert_eq!(get(format!("/api/v1/meetings/{m}/plan/matrix"), None).await.json::<serde_json::Value>().await.unwrap()["visible"], false);
    // A focal point sees the statuses; the API writes each cell out as the OpenAPI document
    // says (the pages carry them packed).
    let matrix: serde_json::Value = get(format!("/api/v1/meetings/{m}/plan/matrix"), Some(bearer.clone())).await.json().await.unwrap();
    assert_eq!(matrix["visible"], true);
    let cells = matrix["rows"][0]["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 16);
    assert!(cells.iter().all(|c| c["due"].is_boolean() && c.get("status").is_some() && c.get("percent").is_some()), "{cells:?}");
    let bad = get(format!("/api/v1/meetings/{m}/plan/matrix?theme=no-such"), None).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json::<serde_json::Value>().await.unwrap()["fields"][0]["field"], "theme");

    // The cycle as Tanzania sees it; reports for Tanzania only.
    let cycle: serde_json::Value = get("/api/v1/cycles/1".into(), Some(bearer.clone())).await.json().await.unwrap();
    assert_eq!(cycle["reporter"], "TZ");
    assert_eq!(cycle["due"].as_array().unwrap().len(), 2, "R1 and R2; R3 is South Africa's");
    assert_eq!(get("/api/v1/cycles/1".into(), None).await.status(), StatusCode::UNAUTHORIZED);
    let post = |body: serde_json::Value| {
        let (api, base, bearer) = (api.clone(), app.base.clone(), bearer.clone());
        async move { api.post(format!("{base}/api/v1/cycles/1/reports")).header(AUTHORIZATION, bearer).json(&body).send().await.unwrap() }
    };
    let res = post(serde_json::json!({ "recommendation_id": ids[0], "status": "in_progress", "percent": 40, "narrative": "Drafted.", "evidence": ["https://gov.tz.example/p.pdf"], "submit": true })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["state"], "submitted");
    let res =
        post(serde_json::json!({ "recommendation_id": ids[2], "status": "in_progress", "percent": 40, "narrative": "x", "submit": true }))
            .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "not Tanzania's recommendation");
    let res = post(serde_json::json!({ "recommendation_id": ids[1], "status": "achieved", "percent": 50 })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = res.json().await.unwrap();
    assert_eq!((v["error"].as_str(), v["fields"][0]["field"].as_str()), (Some("validation"), Some("percent")));
    let res = post(serde_json::json!({ "recommendation_id": ids[1], "status": "in_progress", "percent": 50, "country": "MZ" })).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "unknown fields are refused, not ignored");
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"], "bad_request");
    let res = api
        .post(format!("{}/api/v1/cycles/1/reports", app.base))
        .header(AUTHORIZATION, bearer.clone())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(get(format!("/api/v1/cycles/1/reports/{}/MZ", ids[1]), Some(bearer.clone())).await.status(), StatusCode::FORBIDDEN);
    let mine: serde_json::Value = get(format!("/api/v1/cycles/1/reports/{}/TZ", ids[0]), Some(bearer.clone())).await.json().await.unwrap();
    assert_eq!(mine["history"][0]["percent"], 40);

    // Revoked: 401 from then on.
    let token_id = again["tokens"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(sec.post_raw("/api/tokens/revoke", &[("token_id", "999")]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(delegate.post_raw("/api/tokens/revoke", &[("token_id", &token_id)]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(tz.post_raw("/api/tokens/revoke", &[("token_id", &token_id)]).await.status(), StatusCode::OK);
    assert_eq!(get("/api/v1/meetings".into(), Some(bearer.clone())).await.status(), StatusCode::UNAUTHORIZED);
}
