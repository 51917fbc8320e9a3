//! The one typed settings struct: defaults, then `helmdesk.toml` (in the working directory
//! or the data directory, or `--config FILE`), then `HELMDESK_*` environment variables
//! (nested with `__`, e.g. `HELMDESK_APP__SESSION_IDLE_MINUTES`), then command-line flags.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use helmdesk_app::AppSettings;
use helmdesk_app::secrets::SecretKey;
use helmdesk_jobs::JobSettings;
use helmdesk_web::WebSettings;
use serde::{Deserialize, Serialize};

/// Every setting of Helmdesk.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the SQLite database and the attachments live. Default `./helmdesk-data`.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`. Default: SQLite in the data
    /// directory. A secret: `config print` hides its password.
    pub database_url: Option<String>,
    /// Address the server listens on. Default `127.0.0.1:8080`.
    pub listen: String,
    /// Database connections (PostgreSQL; SQLite readers, at most two per processor).
    pub max_connections: u32,
    /// Log filter (`info`, `helmdesk=debug`, ...) and format (`text` or `json`).
    pub log: String,
    pub log_format: String,
    /// Seconds to let in-flight requests and jobs finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// The key (32 bytes, base64) that seals stored passwords. Default: `secret.key` in the
    /// data directory, created at first start. Nodes sharing a database need the same key.
    /// A secret: `config print` hides it.
    pub secret_key: Option<String>,
    /// Address of the built-in SMTP receiver a mail server relays support mail to (e.g.
    /// `127.0.0.1:2525`); none: not started.
    pub smtp_listen: Option<String>,
    /// Use-case settings: priority matrix, sessions, attachments, login throttling.
    pub app: AppSettings,
    /// HTTP settings: public URL, body limits, timeouts.
    pub web: WebSettings,
    /// Background jobs: workers, polling, leases.
    pub jobs: JobSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data_dir: PathBuf::from("helmdesk-data"),
            database_url: None,
            listen: "127.0.0.1:8080".into(),
            max_connections: 16,
            log: "info".into(),
            log_format: "text".into(),
            shutdown_grace_secs: 30,
            secret_key: None,
            smtp_listen: None,
            app: AppSettings::default(),
            web: WebSettings::default(),
            jobs: JobSettings::default(),
        }
    }
}

/// Flags that override the files and the environment.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
}

impl Settings {
    /// The top-level keys. Other `HELMDESK_*` variables (`HELMDESK_CONFIG`, test settings)
    /// are not settings and are ignored, while unknown keys in a file are errors.
    const KEYS: [&'static str; 12] = [
        "data_dir",
        "database_url",
        "listen",
        "max_connections",
        "log",
        "log_format",
        "shutdown_grace_secs",
        "secret_key",
        "smtp_listen",
        "app",
        "web",
        "jobs",
    ];

    /// Whether an environment key (without its prefix, any case, nested with `__` or `.`)
    /// starts with one of [`Settings::KEYS`].
    fn is_key(key: &str) -> bool {
        let key = key.to_ascii_lowercase();
        let top = key.split("__").next().unwrap_or("").split('.').next().unwrap_or("");
        Settings::KEYS.contains(&top)
    }

    /// Loads the settings in order: defaults, file, environment, flags.
    pub fn load(config_file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<Settings> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match config_file {
            Some(path) => {
                anyhow::ensure!(path.exists(), "config file {} does not exist", path.display());
                figment = figment.merge(Toml::file(path));
            }
            None => {
                // The data directory may come from a flag or the environment: look there too.
                let data_dir = overrides
                    .data_dir
                    .clone()
                    .or_else(|| std::env::var_os("HELMDESK_DATA_DIR").map(PathBuf::from))
                    .unwrap_or_else(|| Settings::default().data_dir);
                figment = figment.merge(Toml::file(data_dir.join("helmdesk.toml"))).merge(Toml::file("helmdesk.toml"));
            }
        }
        let settings: Settings = figment
            .merge(Env::prefixed("HELMDESK_").split("__").filter(|key| Settings::is_key(key.as_str())))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(|e| anyhow::anyhow!("invalid settings: {e}"))?;
        settings.jobs.check().map_err(|e| anyhow::anyhow!("invalid settings: {e}"))?;
        Ok(settings)
    }

    /// The key that seals stored passwords: the configured one, or the data directory's
    /// `secret.key`, created (readable by its owner only) when there is none.
    pub fn secret_key(&self) -> anyhow::Result<SecretKey> {
        if let Some(text) = &self.secret_key {
            return SecretKey::from_base64(text).map_err(|e| anyhow::anyhow!("secret_key: {e}"));
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => SecretKey::from_base64(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey::generate();
                std::fs::create_dir_all(&self.data_dir)?;
                write_private(&path, &key.to_base64())?;
                Ok(key)
            }
            Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        }
    }

    /// The use-case settings with what they take from elsewhere: the public address and
    /// the secret key.
    pub fn app_settings(&self) -> anyhow::Result<helmdesk_app::AppSettings> {
        let mut app = self.app.clone();
        app.public_url = self.web.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen));
        app.secret_key = Some(self.secret_key()?);
        Ok(app)
    }

    /// The database URL in force: the configured one, or SQLite in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("helmdesk.db").display()))
    }

    /// The settings as TOML, secrets hidden.
    pub fn redacted_toml(&self) -> anyhow::Result<String> {
        let mut copy = self.clone();
        copy.database_url = Some(helmdesk_store::redact_url(&self.database_url()));
        copy.secret_key = self.secret_key.as_ref().map(|_| "***".into());
        copy.web.metrics_token = self.web.metrics_token.as_ref().map(|_| "***".into());
        Ok(toml::to_string_pretty(&copy)?)
    }
}

/// Writes a file only its owner may read, without ever leaving it readable by others.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail closures return its large error type
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_environment_which_overrides_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "helmdesk.toml",
                "listen = \"0.0.0.0:9000\"\nmax_connections = 4\n[app]\nsession_idle_minutes = 30\n",
            )?;
            jail.set_env("HELMDESK_MAX_CONNECTIONS", "8");
            jail.set_env("HELMDESK_APP__LOGIN_MAX_FAILURES", "3");
            let flags = Overrides { listen: Some("127.0.0.1:7000".into()), ..Default::default() };
            let s = Settings::load(None, &flags).expect("settings");
            assert_eq!(s.listen, "127.0.0.1:7000");
            assert_eq!(s.max_connections, 8);
            assert_eq!(s.app.session_idle_minutes, 30);
            assert_eq!(s.app.login_max_failures, 3);
            Ok(())
        });
    }

    #[test]
    fn other_helmdesk_variables_in_the_environment_are_not_settings() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("HELMDESK_CONFIG", "elsewhere.toml");
            jail.set_env("HELMDESK_TEST_POSTGRES_URL", "postgres://x/y");
            jail.set_env("HELMDESK_LISTEN", "127.0.0.1:9999");
            let s = Settings::load(None, &Overrides::default()).expect("settings");
            assert_eq!(s.listen, "127.0.0.1:9999");
            Ok(())
        });
    }

    #[test]
    fn an_unknown_setting_is_an_error_not_ignored() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("helmdesk.toml", "lisen = \"0.0.0.0:9000\"\n")?;
            assert!(Settings::load(None, &Overrides::default()).is_err());
            Ok(())
        });
    }

    #[test]
    fn a_recurring_job_is_set_by_its_module_setting_and_a_misspelt_one_is_an_error() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("helmdesk.toml", "[jobs]\nsla_sweep_secs = 30\n")?;
            jail.set_env("HELMDESK_JOBS__AUTOMATION_SECS", "120");
            let s = Settings::load(None, &Overrides::default()).expect("settings");
            assert_eq!(s.jobs.every["sla_sweep_secs"], 30);
            assert_eq!(s.jobs.every["automation_secs"], 120);
            assert_eq!(s.jobs.every["housekeeping_secs"], 3600);
            jail.create_file("helmdesk.toml", "[jobs]\nsla_sweep_sec = 30\n")?;
            let error = Settings::load(None, &Overrides::default()).unwrap_err().to_string();
            assert!(error.contains("jobs.sla_sweep_sec is not a setting"), "{error}");
            Ok(())
        });
    }

    #[test]
    fn the_reports_time_zone_is_an_iana_name_and_an_unknown_one_is_an_error() {
        figment::Jail::expect_with(|jail| {
            assert_eq!(
                Settings::load(None, &Overrides::default()).expect("settings").app.reports_time_zone.name(),
                "UTC"
            );
            jail.set_env("HELMDESK_APP__REPORTS_TIME_ZONE", "Europe/Berlin");
            let s = Settings::load(None, &Overrides::default()).expect("settings");
            assert_eq!(s.app.reports_time_zone.name(), "Europe/Berlin");
            jail.set_env("HELMDESK_APP__REPORTS_TIME_ZONE", "Mars/Olympus_Mons");
            assert!(Settings::load(None, &Overrides::default()).is_err());
            Ok(())
        });
    }

    #[test]
    fn a_secret_key_is_created_once_in_the_data_directory_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings { data_dir: dir.path().join("data"), ..Default::default() };
        let first = s.secret_key().unwrap();
        let sealed = first.seal("pw");
        assert_eq!(s.secret_key().unwrap().open(&sealed).unwrap(), "pw");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("data/secret.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
        }
        let bad = Settings { secret_key: Some("short".into()), ..s };
        assert!(bad.secret_key().is_err());
    }

    #[test]
    fn printed_settings_hide_the_database_password() {
        let s = Settings { database_url: Some("postgres://helm:hunter2@db/helmdesk".into()), ..Default::default() };
        let s = Settings { secret_key: Some("c2VjcmV0LWtleS1vZi10aGlydHktdHdvLWJ5dGVzISE=".into()), ..s };
        let text = s.redacted_toml().unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("c2VjcmV0"), "{text}");
        assert!(text.contains("postgres://helm:***@db/helmdesk"));
    }
}
