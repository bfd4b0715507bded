//! Large downloads with the real server binary: a meeting pack holding 200 MB of public files,
//! downloaded by 20 anonymous clients at once, is built once and streamed from disk, so the
//! server's peak memory stays far below the size of what it sends.

use crate::crash::start_with_fixture;
use reqwest::StatusCode;

/// The server's peak resident memory (VmHWM), in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable");
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).expect("VmHWM")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_parallel_downloads_of_a_200_mb_pack_keep_the_server_under_150_mib() {
    let mut run = start_with_fixture("pack").await;
    let sec_id = app::ssr::entities::app_user::Entity::find().one(&run.db).await.unwrap().unwrap();
    let sec = app::ssr::auth::to_current_user(&sec_id).unwrap();
    let paper = app::features::papers::types::PaperForm {
        meeting_id: run.meeting.to_string(),
        lang: "en".into(),
        access: "public".into(),
        title: "Annexes".into(),
        body: "Ten annexes of twenty megabytes.".into(),
        ..Default::default()
    };
    use sea_orm::EntityTrait;
    let pid = app::features::papers::service::save(&run.db, &sec, &paper).await.unwrap();
    // Ten files of 20 MB each (random bytes: a ZIP cannot shrink them), stored where the server
    // reads them.
    let store = app::features::papers::files::FileStore::new(run.dir.join("files"));
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for n in 0..10 {
        let mut bytes = b"%PDF-1.4\n".to_vec();
        bytes.reserve(20 * 1024 * 1024);
        while bytes.len() < 20 * 1024 * 1024 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.extend_from_slice(&seed.to_le_bytes());
        }
        app::features::papers::files::attach(&run.db, &store, 64 * 1024 * 1024, &sec, pid, &format!("annex-{n}.pdf"), &bytes)
            .await
            .unwrap();
    }
    let before = peak_rss_kib(run.child.id());
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let url = format!("{}/meetings/{}/pack.zip", run.base, run.meeting);
        tasks.push(tokio::spawn(async move {
            let mut res = reqwest::Client::new().get(url).header(reqwest::header::ACCEPT_ENCODING, "br, gzip").send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers().get("content-type").unwrap(), "application/zip");
            assert!(res.headers().get("content-encoding").is_none(), "a ZIP is not compressed again");
            let declared: u64 = res.headers().get("content-length").unwrap().to_str().unwrap().parse().unwrap();
            let (mut received, mut tail) = (0u64, Vec::new());
            while let Some(chunk) = res.chunk().await.unwrap() {
                received += chunk.len() as u64;
                tail.extend_from_slice(&chunk);
                if tail.len() > 4096 {
                    tail.drain(..tail.len() - 4096);
                }
            }
            assert_eq!(received, declared);
            // The ZIP ends with its central directory.
            assert!(tail.windows(4).any(|w| w == b"PK\x05\x06"), "end of central directory");
            received
        }));
    }
    let mut sizes = Vec::new();
    for t in tasks {
        sizes.push(t.await.unwrap());
    }
    assert!(sizes.iter().all(|s| *s == sizes[0] && *s > 200 * 1024 * 1024), "{sizes:?}");
    // Built once: one pack file on disk for this meeting and access class.
    let packs: Vec<_> = std::fs::read_dir(run.dir.join("packs")).unwrap().filter_map(|e| e.ok()).collect();
    assert_eq!(packs.len(), 1, "{packs:?}");
    let peak = peak_rss_kib(run.child.id());
    eprintln!("server peak RSS: {} MiB before the downloads, {} MiB after 20 × {} MiB", before / 1024, peak / 1024, sizes[0] / 1024 / 1024);
    assert!(peak < 150 * 1024, "peak RSS {} MiB", peak / 1024);
    // An unchanged pack is not sent again to a client that has it.
    let res = reqwest::Client::new().get(format!("{}/meetings/{}/pack.zip", run.base, run.meeting)).send().await.unwrap();
    let etag = res.headers().get("etag").unwrap().clone();
    drop(res);
    let again = reqwest::Client::new()
        .get(format!("{}/meetings/{}/pack.zip", run.base, run.meeting))
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let _ = app::ssr::entities::paper::Entity::find_by_id(pid).one(&run.db).await;
    run.child.kill().ok();
    let _ = run.child.wait();
    let _ = std::fs::remove_dir_all(&run.dir);
}
