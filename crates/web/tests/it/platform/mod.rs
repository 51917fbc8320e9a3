mod sessions;
mod webhooks;
