//! What a discovery agent reports of a device: its kind of machine, hardware, system and
//! use. The server and Helmdesk's own agent (`helmdesk-agent`) share these types: the
//! agent sends them as JSON, and the FusionInventory agent's XML is read into them.

use serde::{Deserialize, Serialize};

/// What kind of machine a report describes, which picks a new asset's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Chassis {
    Laptop,
    #[default]
    Desktop,
    Server,
    VirtualMachine,
}

impl Chassis {
    /// The default asset type's name for it.
    pub fn type_name(self) -> &'static str {
        match self {
            Chassis::Laptop => "Laptop",
            Chassis::Desktop => "Desktop",
            Chassis::Server => "Server",
            Chassis::VirtualMachine => "Virtual machine",
        }
    }
}

/// A disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Disk {
    pub name: String,
    pub model: Option<String>,
    pub size_mb: Option<i64>,
}

/// A mounted file system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Volume {
    pub mount: String,
    pub filesystem: Option<String>,
    pub total_mb: Option<i64>,
    pub free_mb: Option<i64>,
}

/// A network interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NetworkInterface {
    pub name: String,
    pub mac: Option<String>,
    pub ipv4: Option<String>,
}

/// Use at the time of the report, in percent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Usage {
    pub cpu_percent: Option<f64>,
    pub memory_percent: Option<f64>,
    pub disk_percent: Option<f64>,
}

/// A device's hardware and system as its agent last reported them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DeviceFacts {
    pub hostname: Option<String>,
    pub os_name: Option<String>,
    pub os_version: Option<String>,
    pub kernel: Option<String>,
    pub arch: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub bios_version: Option<String>,
    pub bios_date: Option<String>,
    pub cpu: Option<String>,
    pub cpu_cores: Option<i64>,
    pub memory_mb: Option<i64>,
    pub last_user: Option<String>,
    #[serde(default)]
    pub disks: Vec<Disk>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
    #[serde(default)]
    pub networks: Vec<NetworkInterface>,
    pub usage: Option<Usage>,
}

/// A name, publisher and version of installed software, as the device reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Package {
    pub name: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub version: String,
}

/// What Helmdesk's own agent sends: the device, identified by its own id and what the
/// hardware says (UUID, serial), with its facts and packages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentReport {
    /// The agent's own name for the device, stable across reports.
    pub device_id: String,
    #[serde(default)]
    pub uuid: Option<String>,
    #[serde(default)]
    pub serial: Option<String>,
    #[serde(default)]
    pub chassis: Chassis,
    #[serde(default)]
    pub facts: DeviceFacts,
    #[serde(default)]
    pub packages: Vec<Package>,
}
