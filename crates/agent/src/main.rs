//! `helmdesk-agent run --server URL --token TOKEN [--once]`: reports this machine to a
//! Helmdesk server now and then every hour (or as the server asks), until stopped.

use std::time::Duration;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(version, about = "Reports this machine's hardware, system, packages and use to a Helmdesk server.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report now, then as often as the server asks (hourly by default).
    Run {
        /// The server's address, e.g. https://helmdesk.example
        #[arg(long, env = "HELMDESK_AGENT_SERVER")]
        server: String,
        /// An enrolment token (`helmdesk agent-token create`, or the Discovery agents page).
        #[arg(long, env = "HELMDESK_AGENT_TOKEN", hide_env_values = true)]
        token: String,
        /// Report once and exit (for cron or a systemd timer).
        #[arg(long)]
        once: bool,
        /// Print the report instead of sending it.
        #[arg(long)]
        dry_run: bool,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let Command::Run { server, token, once, dry_run } = Cli::parse().command;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build()?;
    loop {
        let report = tokio::task::spawn_blocking(helmdesk_agent::collect).await??;
        if dry_run {
            println!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(());
        }
        let every = match helmdesk_agent::send(&client, &server, &token, &report).await {
            Ok(reply) => {
                eprintln!(
                    "reported {} ({} packages) as asset {}{}",
                    report.device_id,
                    report.packages.len(),
                    reply.asset_id,
                    if reply.created { ", a new device" } else { "" }
                );
                reply.report_every_secs.clamp(60, 86_400)
            }
            Err(e) if once => return Err(e),
            Err(e) => {
                eprintln!("{e:#}; trying again in 5 minutes");
                300
            }
        };
        if once {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(every)).await;
    }
}
