//! Email over real SMTP: a small SMTP server started by the test on 127.0.0.1 receives what the
//! outbox worker sends (through lettre's SMTP transport); it can be stopped and started again on
//! the same port to show that messages wait in the outbox and are delivered once it is back, and
//! two server instances sharing one database deliver every message exactly once.

use crate::helpers::*;
use app::domain::Role;
use app::ssr::entities::outbox;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as the SMTP server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.data.lines().find(|l| l.to_ascii_lowercase().starts_with(&prefix)).map(|l| l[prefix.len()..].trim().to_string())
    }
}

/// A minimal SMTP server (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), enough for lettre.
pub struct SmtpServer {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SmtpServer {
    pub async fn start(port: u16) -> SmtpServer {
        Self::start_with(port, Arc::new(Mutex::new(vec![]))).await
    }

    async fn start_with(port: u16, received: Arc<Mutex<Vec<Received>>>) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("SMTP port");
        let port = listener.local_addr().unwrap().port();
        let store = received.clone();
        let task = tokio::spawn(async move {
            let mut sessions = tokio::task::JoinSet::new();
            while let Ok((socket, _)) = listener.accept().await {
                sessions.spawn(session(socket, store.clone()));
            }
        });
        SmtpServer { port, received, task: Some(task) }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops listening and drops every open connection (the accept loop owns the sessions).
    pub async fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = t.await;
        }
    }

    /// Starts again on the same port, keeping what was received.
    pub async fn restart(&mut self) {
        let mut again = Self::start_with(self.port, self.received.clone()).await;
        self.task = again.task.take();
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (up to 15 s) until `n` messages have arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..300 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {n} messages over SMTP, got {}", self.messages().len());
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

async fn session(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 midsa-test ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-midsa-test\r\n250 8BITMIME\r\n"
        } else if let Some(rest) = upper.strip_prefix("MAIL FROM:") {
            from = line[line.len() - rest.len()..].trim().to_string();
            to.clear();
            b"250 OK\r\n"
        } else if let Some(rest) = upper.strip_prefix("RCPT TO:") {
            to.push(line[line.len() - rest.len()..].trim().trim_matches(['<', '>']).to_string());
            b"250 OK\r\n"
        } else if upper == "DATA" {
            let _ = write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await;
            let mut data = String::new();
            while let Ok(Some(l)) = lines.next_line().await {
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
                data.push('\n');
            }
            store.lock().unwrap().push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
            b"250 OK queued\r\n"
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else {
            b"502 Command not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_arrives_over_smtp_with_both_parts_and_the_calendar() {
    let smtp = SmtpServer::start(0).await;
    let app = spawn_app_with(app::ssr::testing::fresh_database_url().await, Some(smtp.url())).await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    let m = open_for_registration(&sec, "SMTP meeting", &[("capacity", "10"), ("quota", "5"), ("cat_delegate", "on")]).await;
    let person = [
        ("meeting_id", m.as_str()),
        ("category", "delegate"),
        ("country", "MZ"),
        ("given_name", "Inês"),
        ("family_name", "Machava"),
        ("position", "Directora"),
        ("email", "ines@gov.mz.example"),
    ];
    // No approval required: nominated by the secretariat, approved at once.
    assert_eq!(sec.post("/api/registration/register", &person).await.status(), StatusCode::OK);
    let got = smtp.wait_for(1).await;
    let mail = got.iter().find(|m| m.to == ["ines@gov.mz.example"]).expect("the approval, to the delegate only");
    assert!(mail.from.contains("no-reply@midsa.test"));
    let subject = mail.header("Subject").unwrap();
    assert!(subject.contains("Registration approved") && subject.contains("SMTP meeting"), "{subject}");
    let data = mail.data.replace("=\n", "");
    assert!(data.contains("Content-Type: multipart/mixed"));
    assert!(data.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(data.contains("Content-Type: text/html; charset=utf-8"));
    assert!(data.contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH"));
    assert!(data.contains("filename=\"midsa-meeting-"));
    // The calendar part: lettre picks 7bit/quoted-printable for ASCII text, base64 otherwise.
    let block: String = data
        .split("Content-Type: text/calendar")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n");
    let ics = if block.starts_with("BEGIN:VCALENDAR") {
        block
    } else {
        use base64::Engine;
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(block.replace('\n', "").trim()).unwrap()).unwrap()
    };
    assert!(ics.starts_with("BEGIN:VCALENDAR") && ics.contains("SUMMARY:SMTP meeting"), "{ics}");
    // The worker marks the message sent just after the server accepted it: wait for that.
    let mut sent = 0;
    for _ in 0..100 {
        sent = outbox::Entity::find().filter(outbox::Column::Status.eq("sent")).count(&app.db).await.unwrap();
        if sent == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 1);
}

async fn invite(sec: &Session, n: usize) {
    let email = format!("invitee{n}@gov.example");
    let res =
        sec.post("/api/users/invite", &[("email", &email), ("display_name", "Invitee"), ("role", "delegate"), ("locale", "en")]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// Message-ID → how many times it arrived.
fn deliveries(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for m in smtp.messages() {
        *seen.entry(m.header("Message-ID").expect("Message-ID")).or_insert(0) += 1;
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_waits_while_the_smtp_server_is_down_and_is_delivered_once_it_is_back() {
    let mut smtp = SmtpServer::start(0).await;
    let app = spawn_app_with(app::ssr::testing::fresh_database_url().await, Some(smtp.url())).await;
    let sec = app.signed_in("sec@iom.example", Role::Secretariat, None).await;
    for n in 0..3 {
        invite(&sec, n).await;
    }
    smtp.wait_for(3).await;
    smtp.stop().await;
    for n in 3..8 {
        invite(&sec, n).await;
    }
    // The worker tries, fails and schedules retries.
    for _ in 0..200 {
        let failed = outbox::Entity::find()
            .filter(outbox::Column::Attempts.gte(1))
            .filter(outbox::Column::Status.eq("pending"))
            .count(&app.db)
            .await
            .unwrap();
        if failed >= 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let waiting = outbox::Entity::find().filter(outbox::Column::Status.eq("pending")).all(&app.db).await.unwrap();
    assert_eq!(waiting.len(), 5, "the five messages wait in the outbox");
    assert!(waiting.iter().all(|m| m.attempts >= 1 && !m.last_error.is_empty()), "each failed attempt is recorded");
    assert_eq!(smtp.messages().len(), 3);
    smtp.restart().await;
    smtp.wait_for(8).await;
    // Let the worker run a little longer: nothing is sent twice.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let seen = deliveries(&smtp);
    assert_eq!(seen.len(), 8, "every message arrived");
    assert!(seen.values().all(|&n| n == 1), "each exactly once: {seen:?}");
    let recipients: std::collections::HashSet<String> = smtp.messages().iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(recipients.len(), 8);
    let sent = outbox::Entity::find().filter(outbox::Column::Status.eq("sent")).count(&app.db).await.unwrap();
    assert_eq!(sent, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_instances_on_one_database_send_each_message_once() {
    let smtp = SmtpServer::start(0).await;
    let url = app::ssr::testing::fresh_database_url().await;
    let first = spawn_app_with(url.clone(), Some(smtp.url())).await;
    let second = spawn_app_with(url, Some(smtp.url())).await;
    let sec = first.signed_in("sec@iom.example", Role::Secretariat, None).await;
    for n in 0..40 {
        invite(&sec, n).await;
    }
    smtp.wait_for(40).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let seen = deliveries(&smtp);
    assert_eq!(seen.len(), 40);
    assert!(seen.values().all(|&n| n == 1), "each exactly once: {seen:?}");
    let sent = outbox::Entity::find().filter(outbox::Column::Status.eq("sent")).count(&second.db).await.unwrap();
    assert_eq!(sent, 40);
}
