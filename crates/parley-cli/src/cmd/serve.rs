//! `parley serve [--port P] [--bind ADDR] [--db PATH | --no-store] [--open]`

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use parley_server::{AppState, app};
use parley_store::Store;

use crate::common::{CmdResult, Failure};

/// Arguments of `parley serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8480)]
    pub port: u16,
    /// Address to listen on. Anything but loopback exposes the app (and every run stored)
    /// to the network: only with this explicit flag.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The run store; default: $PARLEY_DB, else ~/.local/share/parley/runs.sqlite.
    #[arg(long, value_name = "PATH", conflicts_with = "no_store")]
    pub db: Option<PathBuf>,
    /// Keep no runs.
    #[arg(long)]
    pub no_store: bool,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Run it (until Ctrl-C).
pub fn run(a: Args) -> CmdResult {
    let store = if a.no_store {
        None
    } else {
        let path = a.db.clone().unwrap_or_else(parley_store::default_path);
        Some(Store::open(&path).map_err(|e| Failure::Input(format!("parley serve: {e}")))?)
    };
    let stored = store.as_ref().map(|s| s.path().to_owned());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Internal(e.into()))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(a.bind, a.port))
            .await
            .map_err(|e| {
                Failure::Input(format!(
                    "parley serve: cannot listen on {}:{}: {e}{}",
                    a.bind,
                    a.port,
                    if e.kind() == std::io::ErrorKind::AddrInUse {
                        "; another program has the port: try --port 0 for any free one"
                    } else {
                        ""
                    }
                ))
            })?;
        let addr = listener.local_addr().map_err(|e| Failure::Internal(e.into()))?;
        let url = if a.bind.is_loopback() {
            format!("http://localhost:{}/", addr.port())
        } else {
            format!("http://{addr}/")
        };
        eprintln!("parley: the web app is at {url} (Ctrl-C stops it)");
        match &stored {
            Some(p) => eprintln!("parley: runs are kept in {p}"),
            None => eprintln!("parley: runs are not kept (--no-store)"),
        }
        if !a.bind.is_loopback() {
            eprintln!("parley: warning: listening on {addr}, reachable from other machines");
        }
        if a.open {
            open_browser(&url);
        }
        let state = AppState::new(addr, store);
        // Answers are tens of kilobytes: without TCP_NODELAY their last segment can wait
        // for the client's delayed acknowledgement (tens to hundreds of milliseconds).
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Failure::Internal(e.into()))
    })
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("parley: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
