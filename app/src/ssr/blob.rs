//! Content-addressed storage of attached files (papers' files, report evidence): the type of a
//! file decided by its content (magic bytes, and for Office files the parts inside the ZIP
//! container), never by its name alone; names sanitised; the bytes stored outside the database,
//! one file per SHA-256, on the local disk under `DATA_DIR/files` or in an S3-compatible bucket,
//! and read back in chunks.

use crate::domain::{ErrorCode, FieldError};
use crate::ssr::error::{ServiceError, ServiceResult};
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The accepted kinds of attachment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
        }
    }

    /// The extension a sanitised name ends with.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Gif => "gif",
            FileKind::Webp => "webp",
        }
    }

    fn from_extension(ext: &str) -> Option<Self> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "pdf" => FileKind::Pdf,
            "docx" => FileKind::Docx,
            "xlsx" => FileKind::Xlsx,
            "png" => FileKind::Png,
            "jpg" | "jpeg" => FileKind::Jpeg,
            "gif" => FileKind::Gif,
            "webp" => FileKind::Webp,
            _ => return None,
        })
    }
}

/// What the bytes are, looking only at the bytes.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(FileKind::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(FileKind::Webp);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // An Office Open XML package: a ZIP whose parts say which application it belongs to.
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
        let names: Vec<&str> = archive.file_names().collect();
        if !names.contains(&"[Content_Types].xml") {
            return None;
        }
        if names.contains(&"word/document.xml") {
            return Some(FileKind::Docx);
        }
        if names.contains(&"xl/workbook.xml") {
            return Some(FileKind::Xlsx);
        }
    }
    None
}

/// A file name safe to store, show and send back: no directories, no control or reserved
/// characters, at most 100 characters before the extension, which is the one of the content.
pub fn sanitize_name(raw: &str, kind: FileKind) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = match base.rsplit_once('.') {
        Some((stem, ext)) if FileKind::from_extension(ext).is_some() => stem,
        _ => base,
    };
    let mut clean = String::new();
    for c in stem.chars() {
        // Controls, reserved characters and invisible format characters (bidirectional
        // overrides could disguise the extension) become spaces.
        let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}');
        let c = if c.is_control() || invisible || "<>:\"/\\|?*%`'$;{}[]#&".contains(c) { ' ' } else { c };
        if c.is_whitespace() {
            if !clean.ends_with(' ') && !clean.is_empty() {
                clean.push(' ');
            }
        } else {
            clean.push(c);
        }
    }
    let clean: String = clean.trim().trim_start_matches('.').chars().take(100).collect();
    let clean = clean.trim();
    let stem = if clean.is_empty() { "file" } else { clean };
    format!("{stem}.{}", kind.extension())
}

/// The extension written in the name, if any.
fn claimed_kind(raw: &str) -> Option<FileKind> {
    raw.rsplit_once('.').and_then(|(_, ext)| FileKind::from_extension(ext.trim()))
}

/// Checks an upload: not empty, within the limit, an accepted type whose content matches the
/// extension in its name. Returns the kind and the sanitised name.
pub fn check_upload(raw_name: &str, bytes: &[u8], max_bytes: u64) -> Result<(FileKind, String), FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new("file", ErrorCode::Required));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(FieldError::new("file", ErrorCode::FileTooLarge { max: (max_bytes / (1024 * 1024)).max(1) as usize }));
    }
    let kind = sniff(bytes).ok_or_else(|| FieldError::new("file", ErrorCode::FileType))?;
    if claimed_kind(raw_name) != Some(kind) {
        return Err(FieldError::new("file", ErrorCode::FileType));
    }
    Ok((kind, sanitize_name(raw_name, kind)))
}

/// Content-addressed storage: files named by their SHA-256, on the local disk under the data
/// directory or in an S3-compatible bucket (key `files/ab/<sha256>`).
#[derive(Clone, Debug)]
pub enum FileStore {
    Disk(PathBuf),
    S3(crate::ssr::s3::S3Store),
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore::Disk(dir.into())
    }

    /// The store the server is configured with.
    pub fn from_config(config: &crate::ssr::Config) -> Self {
        match &config.s3 {
            Some(s3) => FileStore::S3(crate::ssr::s3::S3Store::new(s3.clone())),
            None => FileStore::Disk(config.files_dir.clone()),
        }
    }

    fn key(sha: &str) -> String {
        format!("files/{}/{sha}", &sha[..2])
    }

    fn path(dir: &Path, sha: &str) -> PathBuf {
        dir.join(&sha[..2]).join(sha)
    }

    /// Stores the bytes (on disk atomically: a temporary file renamed into place) and returns
    /// their SHA-256.
    pub async fn put(&self, bytes: &[u8]) -> ServiceResult<String> {
        let sha = hex(&Sha256::digest(bytes));
        let dir = match self {
            FileStore::S3(s3) => {
                s3.put(&Self::key(&sha), bytes).await.map_err(|e| ServiceError::Internal(format!("storing {sha}: {e}")))?;
                return Ok(sha);
            }
            FileStore::Disk(dir) => dir,
        };
        let path = Self::path(dir, &sha);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(sha);
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        tokio::fs::create_dir_all(dir).await.map_err(|e| ServiceError::Internal(format!("creating {}: {e}", dir.display())))?;
        let tmp = dir.join(format!(".{sha}.{:08x}", rand::random::<u32>()));
        tokio::fs::write(&tmp, bytes).await.map_err(|e| ServiceError::Internal(format!("writing {}: {e}", tmp.display())))?;
        tokio::fs::rename(&tmp, &path).await.map_err(|e| ServiceError::Internal(format!("storing {}: {e}", path.display())))?;
        Ok(sha)
    }

    pub async fn get(&self, sha: &str) -> ServiceResult<Vec<u8>> {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServiceError::Internal(format!("bad file key {sha}")));
        }
        match self {
            FileStore::Disk(dir) => {
                tokio::fs::read(Self::path(dir, sha)).await.map_err(|e| ServiceError::Internal(format!("reading file {sha}: {e}")))
            }
            FileStore::S3(s3) => s3.get(&Self::key(sha)).await.map_err(|e| ServiceError::Internal(format!("reading file {sha}: {e}"))),
        }
    }

    /// Opens a stored file for reading in chunks (downloads and packs never hold a whole file).
    pub async fn open(&self, sha: &str) -> ServiceResult<FileReader> {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServiceError::Internal(format!("bad file key {sha}")));
        }
        match self {
            FileStore::Disk(dir) => tokio::fs::File::open(Self::path(dir, sha))
                .await
                .map(FileReader::Disk)
                .map_err(|e| ServiceError::Internal(format!("opening file {sha}: {e}"))),
            FileStore::S3(s3) => {
                s3.open(&Self::key(sha)).await.map(FileReader::S3).map_err(|e| ServiceError::Internal(format!("reading file {sha}: {e}")))
            }
        }
    }

    pub async fn remove(&self, sha: &str) {
        let res = match self {
            FileStore::Disk(dir) => tokio::fs::remove_file(Self::path(dir, sha)).await.map_err(|e| e.to_string()),
            FileStore::S3(s3) => s3.delete(&Self::key(sha)).await.map_err(|e| e.to_string()),
        };
        if let Err(e) = res {
            tracing::warn!(error = %e, sha, "could not remove a stored file");
        }
    }
}

/// A stored file being read, chunk by chunk.
pub enum FileReader {
    Disk(tokio::fs::File),
    S3(reqwest::Response),
}

/// The size of the chunks read from disk.
const CHUNK: usize = 64 * 1024;

impl FileReader {
    /// The next chunk, or None at the end.
    pub async fn chunk(&mut self) -> ServiceResult<Option<Vec<u8>>> {
        match self {
            FileReader::Disk(f) => {
                use tokio::io::AsyncReadExt;
                let mut buf = vec![0u8; CHUNK];
                let n = f.read(&mut buf).await.map_err(|e| ServiceError::Internal(format!("reading a file: {e}")))?;
                if n == 0 {
                    return Ok(None);
                }
                buf.truncate(n);
                Ok(Some(buf))
            }
            FileReader::S3(res) => {
                res.chunk().await.map(|c| c.map(|b| b.to_vec())).map_err(|e| ServiceError::Internal(format!("reading a file: {e}")))
            }
        }
    }
}

/// Serialises attaching and removing files with the same bytes: SQLite's write transactions
/// already run one at a time (`BEGIN IMMEDIATE`); on PostgreSQL a transaction-scoped advisory
/// lock keyed by the hash.
pub async fn lock_blob(txn: &impl ConnectionTrait, sha: &str) -> ServiceResult<()> {
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        let key = i64::from_str_radix(&sha[..15], 16).unwrap_or(0);
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"GIF89a...."), Some(FileKind::Gif));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(FileKind::Webp));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"PK\x03\x04 not really a zip"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_are_sanitised_and_follow_the_content() {
        assert_eq!(sanitize_name("../../etc/passwd.pdf", FileKind::Pdf), "passwd.pdf");
        assert_eq!(sanitize_name("C:\\Users\\me\\Report 2026.PDF", FileKind::Pdf), "Report 2026.pdf");
        assert_eq!(sanitize_name("<img src=x onerror=alert(1)>.png", FileKind::Png), "img src=x onerror=alert(1).png");
        // `/` is a path separator: only what follows the last one is the name.
        assert_eq!(sanitize_name("\"><script>alert(1)</script>.pdf", FileKind::Pdf), "script.pdf");
        assert_eq!(sanitize_name(".hidden.pdf", FileKind::Pdf), "hidden.pdf");
        assert_eq!(sanitize_name("...", FileKind::Pdf), "file.pdf");
        assert_eq!(sanitize_name("Relatório Nacional – Moçambique.docx", FileKind::Docx), "Relatório Nacional – Moçambique.docx");
        assert_eq!(sanitize_name(&"a".repeat(300), FileKind::Gif).len(), 104);
        assert_eq!(sanitize_name("tab\there\u{0}.jpeg", FileKind::Jpeg), "tab here.jpg");
        assert_eq!(sanitize_name("invoice\u{202E}fdp.exe.pdf", FileKind::Pdf), "invoice fdp.exe.pdf");
    }

    #[test]
    fn uploads_are_checked() {
        let pdf = b"%PDF-1.4 body".to_vec();
        assert_eq!(check_upload("a.pdf", &pdf, 1000).unwrap(), (FileKind::Pdf, "a.pdf".into()));
        assert_eq!(check_upload("a.pdf", &[], 1000).unwrap_err().code, ErrorCode::Required);
        assert_eq!(check_upload("a.pdf", &pdf, 5).unwrap_err().code, ErrorCode::FileTooLarge { max: 1 });
        // HTML renamed to .pdf, a PDF named .png, an executable, no extension: all refused.
        assert_eq!(check_upload("a.pdf", b"<html>", 1000).unwrap_err().code, ErrorCode::FileType);
        assert_eq!(check_upload("a.png", &pdf, 1000).unwrap_err().code, ErrorCode::FileType);
        assert_eq!(check_upload("a.exe", b"MZ\x90\0", 1000).unwrap_err().code, ErrorCode::FileType);
        assert_eq!(check_upload("a", &pdf, 1000).unwrap_err().code, ErrorCode::FileType);
    }
}
