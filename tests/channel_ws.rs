//! The channel echo server (examples/channel_server.rs) driven over real sockets: a
//! tungstenite WebSocket client and a TCP `Connection`, each pinning the server's
//! fingerprint; a wrong pin and a client outside the server's allow-list must fail.

#[path = "../examples/channel_server.rs"]
#[allow(dead_code)]
mod server;

use pqlattice::channel::{
    ChannelError, Connection, Handshake, Identity, MAX_RECORD_PLAINTEXT, PeerPolicy, Received,
    Session, Step,
};
use server::{Report, ServeError, Transport};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Mutex;
use tungstenite::{Message, WebSocket};

type Ws = WebSocket<TcpStream>;

fn ws_connect(addr: SocketAddr) -> Ws {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(server::IO_TIMEOUT)).unwrap();
    let (ws, _response) = tungstenite::client(format!("ws://{addr}/"), stream).unwrap();
    ws
}

/// The next binary message, `None` when the WebSocket ends.
fn ws_recv(ws: &mut Ws) -> Option<Vec<u8>> {
    loop {
        match ws.read() {
            Ok(Message::Binary(b)) => return Some(b.to_vec()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

/// The handshake as initiator, one handshake message per WebSocket message.
fn ws_handshake(ws: &mut Ws, me: &Identity, policy: PeerPolicy) -> Result<Session, ChannelError> {
    let mut hs = Handshake::initiator_with_os_rng(me, policy)?;
    loop {
        match hs.next_step() {
            Step::Write => ws.send(Message::binary(hs.write_message()?)).unwrap(),
            Step::Read => hs.read_message(&ws_recv(ws).expect("server message"))?,
            Step::Done => return hs.into_session(),
            Step::Failed => return Err(ChannelError::Failed),
        }
    }
}

#[test]
fn echo_server_over_websocket_and_tcp() {
    // Fixed seeds: the test is about the transports, not key generation.
    let server_id = Identity::from_seed(&[0x51; 32]);
    let client_id = Identity::from_seed(&[0xc1; 32]);
    let stranger = Identity::from_seed(&[0x5e; 32]);
    let server_fp = server_id.peer_id();
    // The server accepts `client_id` only.
    let policy = PeerPolicy::AllowList(vec![client_id.peer_id()]);

    let ws_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let tcp_listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let ws_addr = ws_listener.local_addr().unwrap();
    let tcp_addr = tcp_listener.local_addr().unwrap();
    let outcomes: Mutex<Vec<(Transport, Result<Report, ServeError>)>> = Mutex::new(Vec::new());
    let done = |t: Transport, r: Result<Report, ServeError>| outcomes.lock().unwrap().push((t, r));

    let messages: Vec<Vec<u8>> = vec![
        b"hello over WebSocket".to_vec(),
        Vec::new(),
        (0..MAX_RECORD_PLAINTEXT).map(|i| (i % 251) as u8).collect(),
        b"after a key update".to_vec(),
    ];

    std::thread::scope(|s| {
        s.spawn(|| {
            server::serve(
                &ws_listener,
                Transport::WebSocket,
                &server_id,
                &policy,
                Some(3),
                &done,
            )
        });
        s.spawn(|| {
            server::serve(
                &tcp_listener,
                Transport::Tcp,
                &server_id,
                &policy,
                Some(2),
                &done,
            )
        });

        // 1. WebSocket, pinned server, allowed client: echoes, a key update, close.
        let mut ws = ws_connect(ws_addr);
        let mut session = ws_handshake(&mut ws, &client_id, PeerPolicy::Pinned(server_fp)).unwrap();
        assert_eq!(session.peer_id(), server_fp);
        for (i, m) in messages.iter().enumerate() {
            if i == 3 {
                ws.send(Message::binary(session.update_keys().unwrap()))
                    .unwrap();
            }
            ws.send(Message::binary(session.seal(m).unwrap())).unwrap();
            let reply = ws_recv(&mut ws).expect("echo record");
            assert_eq!(session.open(&reply).unwrap(), Received::Data(m.clone()));
        }
        ws.send(Message::binary(session.close().unwrap())).unwrap();
        let last = ws_recv(&mut ws).expect("server close record");
        assert_eq!(session.open(&last).unwrap(), Received::Close);
        assert_eq!(ws_recv(&mut ws), None, "the WebSocket ends after the close");

        // 2. WebSocket, wrong pin: the client refuses the server in the handshake.
        let mut ws = ws_connect(ws_addr);
        let err =
            ws_handshake(&mut ws, &client_id, PeerPolicy::Pinned(stranger.peer_id())).unwrap_err();
        assert_eq!(
            err,
            ChannelError::PeerMismatch {
                expected: stranger.peer_id(),
                actual: server_fp
            }
        );
        drop(ws);

        // 3. WebSocket, a client outside the allow-list: its handshake completes on
        // its side (it sends the last message) but the server refuses it and sends
        // nothing back.
        let mut ws = ws_connect(ws_addr);
        let mut session = ws_handshake(&mut ws, &stranger, PeerPolicy::Pinned(server_fp)).unwrap();
        ws.send(Message::binary(session.seal(b"let me in").unwrap()))
            .unwrap_or_default();
        assert_eq!(ws_recv(&mut ws), None, "refused client got a reply");

        // 4. TCP with the library's Connection: pinned server, echoes, close.
        let mut conn =
            Connection::connect(tcp_addr, &client_id, PeerPolicy::Pinned(server_fp)).unwrap();
        for m in messages.iter().filter(|m| !m.is_empty()) {
            conn.send(m).unwrap();
            assert_eq!(conn.recv().unwrap().as_ref(), Some(m));
        }
        conn.close().unwrap();
        assert_eq!(conn.recv().unwrap(), None);

        // 5. TCP, wrong pin.
        let err = Connection::connect(tcp_addr, &client_id, PeerPolicy::Pinned(stranger.peer_id()))
            .unwrap_err();
        assert!(
            matches!(err, ChannelError::PeerMismatch { actual, .. } if actual == server_fp),
            "{err:?}"
        );
    });

    // The server's side of the same five connections.
    let outcomes = outcomes.into_inner().unwrap();
    assert_eq!(outcomes.len(), 5);
    let ok = |t: Transport| -> Vec<&Report> {
        outcomes
            .iter()
            .filter(|(tt, _)| *tt == t)
            .filter_map(|(_, r)| r.as_ref().ok())
            .collect()
    };
    let failed = |t: Transport| -> Vec<&ServeError> {
        outcomes
            .iter()
            .filter(|(tt, _)| *tt == t)
            .filter_map(|(_, r)| r.as_ref().err())
            .collect()
    };
    let expected_ws = Report {
        peer: client_id.peer_id(),
        echoed: messages.len(),
    };
    assert_eq!(ok(Transport::WebSocket), vec![&expected_ws]);
    let expected_tcp = Report {
        peer: client_id.peer_id(),
        echoed: messages.len() - 1,
    };
    assert_eq!(ok(Transport::Tcp), vec![&expected_tcp]);
    let ws_failed = failed(Transport::WebSocket);
    assert_eq!(ws_failed.len(), 2, "{ws_failed:?}");
    assert!(
        ws_failed.iter().any(|e| matches!(
            e,
            ServeError::Channel(ChannelError::PeerNotAllowed { actual }) if *actual == stranger.peer_id()
        )),
        "the server did not refuse the unlisted client: {ws_failed:?}"
    );
    assert_eq!(failed(Transport::Tcp).len(), 1);
}

#[test]
fn websocket_text_message_is_refused() {
    let server_id = Identity::from_seed(&[0x51; 32]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let outcome = Mutex::new(None);
    std::thread::scope(|s| {
        s.spawn(|| {
            server::serve(
                &listener,
                Transport::WebSocket,
                &server_id,
                &PeerPolicy::AnyPeer,
                Some(1),
                &|_, r| *outcome.lock().unwrap() = Some(r),
            )
        });
        let mut ws = ws_connect(addr);
        ws.send(Message::text("hello")).unwrap();
        assert_eq!(ws_recv(&mut ws), None);
    });
    let outcome = outcome.into_inner().unwrap().expect("served");
    assert!(
        matches!(outcome, Err(ServeError::Protocol(m)) if m.contains("text")),
        "{outcome:?}"
    );
}

#[test]
fn seed_file_identity_is_stable_and_checked() {
    let dir = std::env::temp_dir().join(format!("pqlattice-channel-ws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("server.key");
    let _ = std::fs::remove_file(&file);
    let a = server::load_or_create_identity(&file).unwrap();
    let b = server::load_or_create_identity(&file).unwrap();
    assert_eq!(a.peer_id(), b.peer_id());
    std::fs::write(&file, [0u8; 31]).unwrap();
    assert!(server::load_or_create_identity(&file).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
