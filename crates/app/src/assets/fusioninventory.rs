//! The FusionInventory agent's XML messages (the OCS Inventory protocol it speaks): a
//! `PROLOG` asks whether to send, an `INVENTORY` carries the device. Read safely: a
//! document type declaration is refused (so no entity is ever defined or expanded, nor an
//! external one fetched), only XML's five entities and character references are read,
//! and depth, element count and text length are bounded.

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::AppError;
use crate::assets::discovery::{Chassis, DeviceFacts, DeviceReport, Disk, NetworkInterface, Volume};
use crate::assets::software::Reported;

/// Deepest nesting read.
const DEPTH_MAX: usize = 16;
/// Most elements one message may hold.
const ELEMENTS_MAX: usize = 400_000;
/// Longest text of one element, in bytes.
const TEXT_MAX: usize = 64 * 1024;

/// An element: its name, its text and its children.
#[derive(Debug, Default, Clone, PartialEq)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of child `name`, if it has any.
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).map(|c| c.text.trim().to_string()).filter(|t| !t.is_empty())
    }

    fn number_of(&self, name: &str) -> Option<i64> {
        self.text_of(name).and_then(|t| t.split_whitespace().next()?.parse::<f64>().ok()).map(|n| n as i64)
    }
}

/// A message from the agent.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// "May I send?", with the agent's name for the device.
    Prolog {
        device_id: String,
    },
    Inventory(Box<DeviceReport>),
}

/// Reads a message; anything else is refused with the reason.
pub fn read_message(xml: &[u8]) -> Result<Message, AppError> {
    let root = parse(xml)?;
    if root.name != "REQUEST" {
        return Err(bad(format!("the message is <{}>, not <REQUEST>", root.name)));
    }
    let device_id = root.text_of("DEVICEID").ok_or_else(|| bad("the message has no <DEVICEID>"))?;
    if device_id.chars().count() > 200 {
        return Err(bad("<DEVICEID> is longer than 200 characters"));
    }
    match root.text_of("QUERY").as_deref() {
        Some("PROLOG") => Ok(Message::Prolog { device_id }),
        Some("INVENTORY") => {
            let content = root.child("CONTENT").ok_or_else(|| bad("the inventory has no <CONTENT>"))?;
            Ok(Message::Inventory(Box::new(report(device_id, content))))
        }
        Some(other) => Err(bad(format!("the query {other} is not one this server answers (PROLOG, INVENTORY)"))),
        None => Err(bad("the message has no <QUERY>")),
    }
}

/// The reply to a prolog: send the inventory, and again in 24 hours.
pub const PROLOG_REPLY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REPLY><PROLOG_FREQ>24</PROLOG_FREQ><RESPONSE>SEND</RESPONSE></REPLY>\n";

/// The reply to an inventory.
pub const INVENTORY_REPLY: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<REPLY><RESPONSE>no_account_update</RESPONSE></REPLY>\n";

fn bad(detail: impl Into<String>) -> AppError {
    AppError::invalid("body", detail)
}

/// Parses `xml` into its root element, within the bounds.
fn parse(xml: &[u8]) -> Result<Node, AppError> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Node> = Vec::new();
    let mut elements = 0usize;
    let mut root: Option<Node> = None;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(format!("the XML is malformed: {e}")))?;
        match event {
            Event::DocType(_) => return Err(bad("document type declarations are refused")),
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(bad("the XML has more than one root element"));
            }
            Event::Start(e) => {
                elements += 1;
                if elements > ELEMENTS_MAX || stack.len() >= DEPTH_MAX {
                    return Err(bad(format!("the XML is over {ELEMENTS_MAX} elements or {DEPTH_MAX} levels deep")));
                }
                stack.push(Node { name: name_of(e.name().as_ref())?, ..Default::default() });
            }
            Event::Empty(e) => {
                elements += 1;
                let node = Node { name: name_of(e.name().as_ref())?, ..Default::default() };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or_else(|| bad("the XML closes an element it never opened"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| bad(format!("the XML's text is not UTF-8: {e}")))?;
                push_text(&mut stack, &text)?;
            }
            Event::CData(t) => {
                let text = std::str::from_utf8(&t).map_err(|_| bad("the XML's text is not UTF-8"))?.to_string();
                push_text(&mut stack, &text)?;
            }
            Event::GeneralRef(r) => {
                let resolved =
                    match r.resolve_char_ref().map_err(|e| bad(format!("a character reference is bad: {e}")))? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r.decode().map_err(|_| bad("the XML's text is not UTF-8"))?;
                            predefined(&name)
                                .ok_or_else(|| {
                                    bad(format!("the entity &{name}; is not defined (only XML's own are read)"))
                                })?
                                .to_string()
                        }
                    };
                push_text(&mut stack, &resolved)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err(bad("the XML ends before its elements are closed"));
    }
    root.ok_or_else(|| bad("the body holds no XML element"))
}

fn name_of(raw: &[u8]) -> Result<String, AppError> {
    std::str::from_utf8(raw).map(str::to_string).map_err(|_| bad("an element's name is not UTF-8"))
}

fn push_text(stack: &mut [Node], text: &str) -> Result<(), AppError> {
    let Some(node) = stack.last_mut() else {
        return if text.trim().is_empty() { Ok(()) } else { Err(bad("the XML has text outside its root element")) };
    };
    if node.text.len() + text.len() > TEXT_MAX {
        return Err(bad(format!("<{}> holds more than {TEXT_MAX} bytes of text", node.name)));
    }
    node.text.push_str(text);
    Ok(())
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// The device an inventory's `<CONTENT>` describes.
fn report(device_id: String, content: &Node) -> DeviceReport {
    let empty = Node::default();
    let hardware = content.child("HARDWARE").unwrap_or(&empty);
    let bios = content.child("BIOS").unwrap_or(&empty);
    let os = content.child("OPERATINGSYSTEM").unwrap_or(&empty);
    let cpu = content.child("CPUS");
    let facts = DeviceFacts {
        hostname: hardware.text_of("NAME"),
        os_name: os.text_of("FULL_NAME").or_else(|| os.text_of("NAME")).or_else(|| hardware.text_of("OSNAME")),
        os_version: os.text_of("VERSION").or_else(|| hardware.text_of("OSVERSION")),
        kernel: os.text_of("KERNEL_VERSION").or_else(|| hardware.text_of("OSCOMMENTS")),
        arch: os.text_of("ARCH"),
        manufacturer: bios.text_of("SMANUFACTURER").or_else(|| bios.text_of("MMANUFACTURER")),
        model: bios.text_of("SMODEL").or_else(|| bios.text_of("MMODEL")),
        bios_version: bios.text_of("BVERSION"),
        bios_date: bios.text_of("BDATE"),
        cpu: cpu.and_then(|c| c.text_of("NAME")),
        cpu_cores: Some(content.all("CPUS").filter_map(|c| c.number_of("CORE")).sum::<i64>()).filter(|n| *n > 0),
        memory_mb: hardware.number_of("MEMORY"),
        last_user: hardware.text_of("LASTLOGGEDUSER"),
        disks: content
            .all("STORAGES")
            .filter(|s| s.text_of("TYPE").is_none_or(|t| t.eq_ignore_ascii_case("disk")))
            .map(|s| Disk {
                name: s.text_of("NAME").unwrap_or_default(),
                model: s.text_of("MODEL"),
                size_mb: s.number_of("DISKSIZE"),
            })
            .collect(),
        volumes: content
            .all("DRIVES")
            .filter_map(|d| {
                Some(Volume {
                    mount: d.text_of("TYPE").or_else(|| d.text_of("LETTER")).or_else(|| d.text_of("VOLUMN"))?,
                    filesystem: d.text_of("FILESYSTEM"),
                    total_mb: d.number_of("TOTAL"),
                    free_mb: d.number_of("FREE"),
                })
            })
            .collect(),
        networks: interfaces(content),
        usage: None,
    };
    let chassis = chassis(hardware, bios);
    let serial = bios.text_of("SSN");
    let software = content
        .all("SOFTWARES")
        .filter_map(|s| {
            Reported::new(
                &s.text_of("NAME")?,
                &s.text_of("PUBLISHER").unwrap_or_default(),
                &s.text_of("VERSION").unwrap_or_default(),
            )
        })
        .collect();
    DeviceReport { device_id, uuid: hardware.text_of("UUID"), serial, chassis, facts, software }
}

/// The physical interfaces, once each: the agent lists an interface once per address.
fn interfaces(content: &Node) -> Vec<NetworkInterface> {
    let mut out: Vec<NetworkInterface> = Vec::new();
    for n in content.all("NETWORKS").filter(|n| n.text_of("VIRTUALDEV").as_deref() != Some("1")) {
        let (name, mac, ipv4) =
            (n.text_of("DESCRIPTION").unwrap_or_default(), n.text_of("MACADDR"), n.text_of("IPADDRESS"));
        match out.iter_mut().find(|i| i.name == name && i.mac == mac) {
            Some(known) => known.ipv4 = known.ipv4.take().or(ipv4),
            None => out.push(NetworkInterface { name, mac, ipv4 }),
        }
    }
    out
}

/// What the hardware says it is: a virtual machine, a laptop, a server or a desktop.
fn chassis(hardware: &Node, bios: &Node) -> Chassis {
    let vm = hardware.text_of("VMSYSTEM").is_some_and(|v| !v.eq_ignore_ascii_case("physical"));
    if vm {
        return Chassis::VirtualMachine;
    }
    let kind = hardware.text_of("CHASSIS_TYPE").or_else(|| bios.text_of("TYPE")).unwrap_or_default().to_lowercase();
    if ["laptop", "notebook", "portable", "sub notebook", "convertible", "detachable"].iter().any(|k| kind.contains(k))
    {
        Chassis::Laptop
    } else if ["server", "rack", "blade", "multi-system"].iter().any(|k| kind.contains(k)) {
        Chassis::Server
    } else {
        Chassis::Desktop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVENTORY: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<REQUEST>
  <CONTENT>
    <HARDWARE><NAME>ws-017</NAME><UUID>4C4C4544-0042-3510-8057-B7C04F4A4E32</UUID><MEMORY>15907</MEMORY>
      <CHASSIS_TYPE>Notebook</CHASSIS_TYPE><VMSYSTEM>Physical</VMSYSTEM></HARDWARE>
    <BIOS><SSN>5B7XJN2</SSN><SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>Latitude 7420</SMODEL></BIOS>
    <OPERATINGSYSTEM><FULL_NAME>Debian GNU/Linux 12 (bookworm)</FULL_NAME><KERNEL_VERSION>6.1.0-18-amd64</KERNEL_VERSION><ARCH>x86_64</ARCH></OPERATINGSYSTEM>
    <CPUS><NAME>11th Gen Intel(R) Core(TM) i7-1185G7</NAME><CORE>4</CORE></CPUS>
    <NETWORKS><DESCRIPTION>wlp0s20f3</DESCRIPTION><MACADDR>8c:8d:28:aa:bb:cc</MACADDR><IPADDRESS>10.0.0.17</IPADDRESS></NETWORKS>
    <NETWORKS><DESCRIPTION>wlp0s20f3</DESCRIPTION><MACADDR>8c:8d:28:aa:bb:cc</MACADDR><IPADDRESS6>fe80::1</IPADDRESS6></NETWORKS>
    <NETWORKS><DESCRIPTION>docker0</DESCRIPTION><MACADDR>02:42:ac:11:00:01</MACADDR><VIRTUALDEV>1</VIRTUALDEV></NETWORKS>
    <DRIVES><TYPE>/</TYPE><FILESYSTEM>ext4</FILESYSTEM><TOTAL>480000</TOTAL><FREE>120000</FREE></DRIVES>
    <SOFTWARES><NAME>libreoffice-writer</NAME><VERSION>4:7.4.7-1</VERSION><PUBLISHER>Debian LibreOffice Maintainers &lt;x@debian.org&gt;</PUBLISHER></SOFTWARES>
    <SOFTWARES><NAME>Caf&#233; &amp; Tools</NAME><VERSION>1.0</VERSION></SOFTWARES>
    <SOFTWARES><NAME><![CDATA[Robert'); DROP TABLE assets;--]]></NAME></SOFTWARES>
    <SOFTWARES><VERSION>1.0</VERSION></SOFTWARES>
  </CONTENT>
  <DEVICEID>ws-017-2026-12-07-08-00-00</DEVICEID>
  <QUERY>INVENTORY</QUERY>
</REQUEST>"#;

    #[test]
    fn an_inventory_is_read_into_a_device() {
        let Message::Inventory(r) = read_message(INVENTORY.as_bytes()).unwrap() else { panic!("an inventory") };
        assert_eq!(r.device_id, "ws-017-2026-12-07-08-00-00");
        assert_eq!(r.uuid.as_deref(), Some("4C4C4544-0042-3510-8057-B7C04F4A4E32"));
        assert_eq!(r.serial.as_deref(), Some("5B7XJN2"));
        assert_eq!(r.chassis, Chassis::Laptop);
        assert_eq!(r.facts.hostname.as_deref(), Some("ws-017"));
        assert_eq!(r.facts.memory_mb, Some(15907));
        assert_eq!(r.facts.cpu_cores, Some(4));
        assert_eq!(r.facts.model.as_deref(), Some("Latitude 7420"));
        assert_eq!(r.facts.networks.len(), 1, "the virtual interface is left out, the other read once");
        assert_eq!(r.facts.networks[0].ipv4.as_deref(), Some("10.0.0.17"));
        assert_eq!(r.facts.volumes[0].free_mb, Some(120000));
        let names: Vec<&str> = r.software.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["libreoffice-writer", "Café & Tools", "Robert'); DROP TABLE assets;--"]);
        assert_eq!(r.software[0].publisher, "Debian LibreOffice Maintainers <x@debian.org>");
    }

    #[test]
    fn a_prolog_asks_to_send() {
        let xml = b"<?xml version=\"1.0\"?><REQUEST><DEVICEID>pc-1</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>";
        assert_eq!(read_message(xml).unwrap(), Message::Prolog { device_id: "pc-1".into() });
    }

    fn refusal(xml: &str) -> String {
        match read_message(xml.as_bytes()) {
            Err(AppError::Invalid(errors)) => errors[0].detail.clone(),
            other => panic!("{xml:.60} was not refused: {other:?}"),
        }
    }

    #[test]
    fn hostile_documents_are_refused_with_the_reason() {
        let billion = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><REQUEST><DEVICEID>&lol2;</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>"#;
        assert!(refusal(billion).contains("document type"));
        let external = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><DEVICEID>&x;</DEVICEID></REQUEST>"#;
        assert!(refusal(external).contains("document type"));
        assert!(refusal("<REQUEST><DEVICEID>&x;</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>").contains("not defined"));
        assert!(refusal("<REQUEST><DEVICEID>a</DEVICEID>").contains("ends before"));
        assert!(refusal("<REQUEST><DEVICEID>a</DEVICEID><QUERY>PROLOG</QUERY></WRONG>").contains("malformed"));
        assert!(refusal("not xml at all").contains("text outside"));
        assert!(refusal("<REPLY/>").contains("not <REQUEST>"));
        assert!(refusal("<REQUEST><QUERY>PROLOG</QUERY></REQUEST>").contains("DEVICEID"));
        assert!(refusal("<REQUEST><DEVICEID>a</DEVICEID><QUERY>SNMPQUERY</QUERY></REQUEST>").contains("SNMPQUERY"));
        let deep = format!("<REQUEST>{}{}</REQUEST>", "<A>".repeat(40), "</A>".repeat(40));
        assert!(refusal(&deep).contains("levels deep"));
        let huge = format!("<REQUEST><DEVICEID>{}</DEVICEID></REQUEST>", "x".repeat(70_000));
        assert!(refusal(&huge).contains("bytes of text"));
        assert!(refusal("<REQUEST><DEVICEID>&#0;</DEVICEID></REQUEST>").contains("character reference"));
    }
}
