//! Helmdesk's discovery agent: what a Linux machine is (hardware, system, network
//! interfaces, disks), what is installed on it (dpkg or rpm) and how much of it is in use,
//! reported to a Helmdesk server with an enrolment token.
//!
//! The device is named by its host name and `/etc/machine-id`, which stay the same across
//! reports and reinstalls of the agent; the UUID and serial come from the firmware
//! (`/sys/class/dmi/id`, readable by root), and the server matches them first.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use helmdesk_domain::assets::discovery::{
    AgentReport, Chassis, DeviceFacts, Disk, NetworkInterface, Package, Usage, Volume,
};
use serde::Deserialize;
use sysinfo::{CpuRefreshKind, Disks, MemoryRefreshKind, Networks, RefreshKind, System};

/// Where the firmware's identity is read.
const DMI: &str = "/sys/class/dmi/id";

/// What the server answers.
#[derive(Debug, Clone, Deserialize)]
pub struct Reply {
    pub asset_id: i64,
    pub created: bool,
    pub report_every_secs: u64,
}

/// Collects this machine's report.
pub fn collect() -> anyhow::Result<AgentReport> {
    let mut system = System::new_with_specifics(
        RefreshKind::nothing().with_cpu(CpuRefreshKind::everything()).with_memory(MemoryRefreshKind::everything()),
    )
    .context("read the processors and memory")?;
    // CPU use is the difference between two samples.
    std::thread::sleep(sysinfo::MINIMUM_CPU_UPDATE_INTERVAL.max(Duration::from_millis(250)));
    system.refresh_cpu_usage();
    let hostname = System::host_name().unwrap_or_else(|_| "localhost".into());
    let machine_id = read("/etc/machine-id").unwrap_or_default();
    let device_id = if machine_id.is_empty() {
        hostname.clone()
    } else {
        format!("{hostname}-{}", &machine_id[..machine_id.len().min(12)])
    };
    let disks = Disks::new_with_refreshed_list().context("read the file systems")?;
    let volumes: Vec<Volume> = disks
        .iter()
        .filter(|d| !d.mount_point().starts_with("/proc") && !d.mount_point().starts_with("/sys"))
        .map(|d| Volume {
            mount: d.mount_point().display().to_string(),
            filesystem: Some(d.file_system().to_string_lossy().to_string()),
            total_mb: Some((d.total_space() / 1_048_576) as i64),
            free_mb: Some((d.available_space() / 1_048_576) as i64),
        })
        .collect();
    let root = volumes.iter().find(|v| v.mount == "/");
    let disk_percent = root.and_then(|r| Some(percent(r.total_mb? - r.free_mb?, r.total_mb?)));
    let memory = system.total_memory();
    let facts = DeviceFacts {
        hostname: Some(hostname),
        os_name: System::long_os_version().or_else(|_| System::name()).ok(),
        os_version: System::os_version().ok(),
        kernel: System::kernel_version().ok(),
        arch: Some(System::cpu_arch()),
        manufacturer: read(&format!("{DMI}/sys_vendor")),
        model: read(&format!("{DMI}/product_name")),
        bios_version: read(&format!("{DMI}/bios_version")),
        bios_date: read(&format!("{DMI}/bios_date")),
        cpu: system.cpus().first().map(|c| c.brand().trim().to_string()).filter(|b| !b.is_empty()),
        cpu_cores: Some(System::physical_core_count().unwrap_or(system.cpus().len()) as i64),
        memory_mb: Some((memory / 1_048_576) as i64),
        last_user: None,
        disks: block_disks(),
        volumes,
        networks: interfaces(),
        usage: Some(Usage {
            cpu_percent: Some(f64::from(system.global_cpu_usage())),
            memory_percent: (memory > 0).then(|| percent(system.used_memory() as i64, memory as i64)),
            disk_percent,
        }),
    };
    Ok(AgentReport {
        device_id,
        uuid: read(&format!("{DMI}/product_uuid")),
        serial: read(&format!("{DMI}/product_serial")),
        chassis: chassis(),
        facts,
        packages: packages()?,
    })
}

fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 { 0.0 } else { (part as f64 * 1000.0 / whole as f64).round() / 10.0 }
}

/// A one-line file's trimmed text, `None` when it is absent, unreadable or empty.
fn read(path: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The firmware's chassis type (SMBIOS codes), or a virtual machine when the hypervisor
/// flag is set.
fn chassis() -> Chassis {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    if cpuinfo.lines().any(|l| l.starts_with("flags") && l.split_whitespace().any(|f| f == "hypervisor")) {
        return Chassis::VirtualMachine;
    }
    match read(&format!("{DMI}/chassis_type")).and_then(|t| t.parse::<u8>().ok()) {
        Some(8 | 9 | 10 | 14 | 30 | 31 | 32) => Chassis::Laptop,
        Some(17 | 23 | 25 | 28 | 29) => Chassis::Server,
        _ => Chassis::Desktop,
    }
}

/// The whole disks under /sys/block (not partitions, loop or RAM devices).
fn block_disks() -> Vec<Disk> {
    let Ok(entries) = std::fs::read_dir("/sys/block") else { return Vec::new() };
    let mut disks: Vec<Disk> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            if ["loop", "ram", "zram", "dm-", "sr"].iter().any(|p| name.starts_with(p)) {
                return None;
            }
            let dir = e.path();
            let sectors: i64 = read(&dir.join("size").display().to_string())?.parse().ok()?;
            Some(Disk {
                model: read(&dir.join("device/model").display().to_string()),
                size_mb: Some(sectors * 512 / 1_048_576),
                name,
            })
        })
        .collect();
    disks.sort_by(|a, b| a.name.cmp(&b.name));
    disks
}

/// The network interfaces with a hardware address (not the loopback).
fn interfaces() -> Vec<NetworkInterface> {
    let Ok(networks) = Networks::new_with_refreshed_list() else { return Vec::new() };
    let mut out: Vec<NetworkInterface> = networks
        .iter()
        .filter(|(name, _)| name.as_os_str() != "lo")
        .map(|(name, data)| NetworkInterface {
            name: name.to_string_lossy().to_string(),
            mac: Some(data.mac_address().to_string()).filter(|m| m != "00:00:00:00:00:00"),
            ipv4: data.ip_networks().iter().find(|n| n.addr.is_ipv4()).map(|n| n.addr.to_string()),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The installed packages, from dpkg or else rpm; none when neither is there.
fn packages() -> anyhow::Result<Vec<Package>> {
    let (program, args): (&str, &[&str]) = if Path::new("/usr/bin/dpkg-query").exists() {
        ("dpkg-query", &["-W", "-f", "${db:Status-Abbrev}\t${Package}\t${Version}\t${Maintainer}\n"])
    } else if Path::new("/usr/bin/rpm").exists() {
        ("rpm", &["-qa", "--qf", "ii \t%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\n"])
    } else {
        return Ok(Vec::new());
    };
    let output = Command::new(program).args(args).output().with_context(|| format!("run {program}"))?;
    if !output.status.success() {
        bail!("{program} failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(parse_packages(&String::from_utf8_lossy(&output.stdout)))
}

/// Lines of "status, name, version, publisher" separated by tabs; only installed ones
/// (dpkg's status `ii`).
fn parse_packages(text: &str) -> Vec<Package> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let status = fields.next()?;
            let name = fields.next()?.trim();
            if !status.starts_with("ii") || name.is_empty() {
                return None;
            }
            let version = fields.next().unwrap_or_default().trim().to_string();
            let publisher = fields.next().unwrap_or_default().trim();
            let publisher = if publisher == "(none)" { "" } else { publisher };
            Some(Package { name: name.to_string(), version, publisher: publisher.to_string() })
        })
        .collect()
}

/// Sends `report` to the server at `base` (its address, e.g. `https://helmdesk.example`).
pub async fn send(client: &reqwest::Client, base: &str, token: &str, report: &AgentReport) -> anyhow::Result<Reply> {
    let url = format!("{}/api/v1/inventory/agent", base.trim_end_matches('/'));
    let response =
        client.post(&url).bearer_auth(token).json(report).send().await.with_context(|| format!("reach {url}"))?;
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    if !status.is_success() {
        bail!("the server refused the report: {status}: {}", body.chars().take(500).collect::<String>());
    }
    serde_json::from_str(&body).with_context(|| format!("read the server's answer: {body:.200}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_installed_packages_are_reported() {
        let text = "ii \tbash\t5.2.15-2+b7\tMatthias Klose <doko@debian.org>\n\
                    rc \told-thing\t1.0\tSomeone\n\
                    ii \tfoo\t\t(none)\n\
                    garbage\n";
        let packages = parse_packages(text);
        assert_eq!(packages.len(), 2);
        assert_eq!(
            packages[0],
            Package {
                name: "bash".into(),
                version: "5.2.15-2+b7".into(),
                publisher: "Matthias Klose <doko@debian.org>".into()
            }
        );
        assert_eq!(packages[1].publisher, "");
    }

    #[test]
    fn this_machine_is_collected() {
        let report = collect().unwrap();
        assert!(!report.device_id.is_empty());
        assert!(report.facts.memory_mb.is_some_and(|m| m > 0));
        assert!(report.facts.os_name.is_some());
        assert!(report.facts.usage.as_ref().is_some_and(|u| u.memory_percent.is_some()));
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(5, 0), 0.0);
    }
}
