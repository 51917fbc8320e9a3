//! FusionInventory messages as the agent sends them (`PROLOG`, `INVENTORY`), for the
//! load programs: XML, zlib-compressed ([`crate::zlib`]).

use std::fmt::Write;

use crate::zlib::{self, Piece};

/// A package as a device reports it.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub publisher: String,
    pub version: String,
}

/// What identifies a simulated device.
#[derive(Debug, Clone)]
pub struct Device {
    /// The agent's own id for the device (`<DEVICEID>`), unique per run.
    pub device_id: String,
    pub hostname: String,
    pub uuid: Option<String>,
    pub serial: Option<String>,
    pub mac: Option<String>,
    pub laptop: bool,
}

/// Escapes text for an element's content.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The `<SOFTWARES>` elements of `packages`.
pub fn softwares(packages: &[Package]) -> String {
    let mut xml = String::with_capacity(packages.len() * 160);
    for p in packages {
        let _ = writeln!(
            xml,
            "    <SOFTWARES><NAME>{}</NAME><PUBLISHER>{}</PUBLISHER><VERSION>{}</VERSION><ARCH>x86_64</ARCH><FROM>registry</FROM></SOFTWARES>",
            escape(&p.name),
            escape(&p.publisher),
            escape(&p.version)
        );
    }
    xml
}

/// An inventory's text before its software: the hardware, BIOS, system and network.
pub fn inventory_head(d: &Device) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<REQUEST>\n  <CONTENT>\n");
    let _ = writeln!(
        xml,
        "    <HARDWARE><NAME>{}</NAME>{}<MEMORY>16072</MEMORY><CHASSIS_TYPE>{}</CHASSIS_TYPE><VMSYSTEM>Physical</VMSYSTEM><LASTLOGGEDUSER>bench</LASTLOGGEDUSER></HARDWARE>",
        escape(&d.hostname),
        d.uuid.as_deref().map(|u| format!("<UUID>{u}</UUID>")).unwrap_or_default(),
        if d.laptop { "Notebook" } else { "Desktop" }
    );
    let _ = writeln!(
        xml,
        "    <BIOS>{}<SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>Latitude 7440</SMODEL><BVERSION>1.14.1</BVERSION><BDATE>10/08/2024</BDATE></BIOS>",
        d.serial.as_deref().map(|s| format!("<SSN>{s}</SSN>")).unwrap_or_default()
    );
    xml.push_str("    <OPERATINGSYSTEM><FULL_NAME>Microsoft Windows 11 Pro</FULL_NAME><VERSION>10.0.22631</VERSION><KERNEL_VERSION>10.0.22631</KERNEL_VERSION><ARCH>64-bit</ARCH></OPERATINGSYSTEM>\n");
    xml.push_str("    <CPUS><NAME>13th Gen Intel(R) Core(TM) i7-1365U</NAME><CORE>10</CORE></CPUS>\n");
    xml.push_str("    <STORAGES><NAME>nvme0n1</NAME><MODEL>PM9A1 NVMe Samsung 512GB</MODEL><DISKSIZE>488386</DISKSIZE><TYPE>disk</TYPE></STORAGES>\n");
    xml.push_str("    <DRIVES><LETTER>C:</LETTER><FILESYSTEM>NTFS</FILESYSTEM><TOTAL>487546</TOTAL><FREE>301223</FREE></DRIVES>\n");
    if let Some(mac) = &d.mac {
        let _ = writeln!(
            xml,
            "    <NETWORKS><DESCRIPTION>Intel(R) Wi-Fi 6E AX211 160MHz</DESCRIPTION><MACADDR>{mac}</MACADDR><IPADDRESS>10.20.1.17</IPADDRESS></NETWORKS>"
        );
    }
    xml
}

/// An inventory's text after its software.
pub fn inventory_tail(device_id: &str) -> String {
    format!("  </CONTENT>\n  <DEVICEID>{}</DEVICEID>\n  <QUERY>INVENTORY</QUERY>\n</REQUEST>\n", escape(device_id))
}

/// A whole inventory of `d` with `packages`, compressed.
pub fn inventory(d: &Device, packages: &[Package]) -> Vec<u8> {
    let xml = format!("{}{}{}", inventory_head(d), softwares(packages), inventory_tail(&d.device_id));
    zlib::compress(xml.as_bytes())
}

/// An inventory of `d` whose software is the compressed `software` (the same for every
/// device): only the head and tail are compressed again.
pub fn inventory_with(d: &Device, software: &Piece) -> Vec<u8> {
    zlib::stitch(inventory_head(d).as_bytes(), software, inventory_tail(&d.device_id).as_bytes())
}

/// A `PROLOG`, compressed.
pub fn prolog(device_id: &str) -> Vec<u8> {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<REQUEST>\n  <DEVICEID>{}</DEVICEID>\n  <QUERY>PROLOG</QUERY>\n  <TOKEN>12345678</TOKEN>\n</REQUEST>\n",
        escape(device_id)
    );
    zlib::compress(xml.as_bytes())
}

/// The `Authorization` value the agent sends: any user, the enrolment token as password.
pub fn basic_auth(token: &str) -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("bench:{token}")))
}
