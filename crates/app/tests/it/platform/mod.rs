mod mail;
mod mail_server_harness;
mod mail_servers;
mod sessions;
mod webhooks;
