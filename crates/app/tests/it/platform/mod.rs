mod approvals;
mod mail;
mod mail_server_harness;
mod mail_servers;
mod managers;
mod password_reset;
mod sessions;
mod webhooks;
