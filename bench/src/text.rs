//! Ticket text that looks like an IT service desk's: subjects and descriptions assembled
//! from per-category things and problems, replies and notes from templates, with a long
//! tail of host names, asset tags and error codes, and general IT words drawn with a
//! Zipf distribution, so that full-text search meets frequent and rare words as it would
//! in a real desk.

use rand::Rng;
use rand::seq::IndexedRandom;

/// A category: its name, the team that works it, and what its tickets are about.
pub struct Category {
    pub name: &'static str,
    pub description: &'static str,
    /// Position of the team in [`TEAMS`].
    pub team: usize,
    pub things: &'static [&'static str],
}

/// Support teams: name and description.
pub const TEAMS: &[(&str, &str)] = &[
    ("Service Desk", "First line: every ticket starts here"),
    ("Workplace", "Laptops, printers, phones and peripherals"),
    ("Network", "Connectivity, VPN, Wi-Fi, firewall"),
    ("Applications", "Business applications and licences"),
    ("Messaging", "Mail, calendars, Teams"),
    ("Infrastructure", "Servers, storage, backups, virtualisation"),
    ("Security", "Incidents, phishing, endpoint protection"),
    ("Identity", "Accounts, groups, MFA, access reviews"),
    ("ERP Support", "Finance, purchasing and payroll systems"),
    ("Field Services", "On-site support in the branch offices"),
];

/// The categories of the seeded desk.
pub const CATEGORIES: &[Category] = &[
    Category {
        name: "Hardware",
        description: "Laptops, desktops, monitors, docks, peripherals",
        team: 1,
        things: &[
            "laptop",
            "desktop",
            "monitor",
            "docking station",
            "keyboard",
            "mouse",
            "headset",
            "webcam",
            "battery",
            "charger",
            "touchpad",
            "SSD",
        ],
    },
    Category {
        name: "Software",
        description: "Installations, licences, application errors",
        team: 3,
        things: &[
            "Excel",
            "Word",
            "PowerPoint",
            "Adobe Acrobat",
            "Visio",
            "Chrome",
            "Firefox",
            "Zoom",
            "Power BI",
            "AutoCAD",
            "Java runtime",
            "Python",
        ],
    },
    Category {
        name: "Network",
        description: "Wi-Fi, VPN, connectivity, firewall requests",
        team: 2,
        things: &["VPN", "Wi-Fi", "network drive", "proxy", "firewall rule", "DNS", "switch port", "LAN socket"],
    },
    Category {
        name: "Access",
        description: "Accounts, passwords, permissions, MFA",
        team: 7,
        things: &[
            "password",
            "account",
            "MFA token",
            "SharePoint permissions",
            "Active Directory group",
            "badge",
            "shared folder access",
        ],
    },
    Category {
        name: "Email",
        description: "Mailboxes, calendars, distribution lists",
        team: 4,
        things: &["mailbox", "Outlook", "calendar", "distribution list", "shared mailbox", "Teams", "email signature"],
    },
    Category {
        name: "Printing",
        description: "Printers, scanners, print queues",
        team: 1,
        things: &["printer", "scanner", "print queue", "toner", "label printer", "plotter"],
    },
    Category {
        name: "Telephony",
        description: "Desk phones, mobiles, softphones",
        team: 9,
        things: &["desk phone", "mobile phone", "softphone", "voicemail", "SIM card", "conference phone"],
    },
    Category {
        name: "Servers",
        description: "Servers, storage, backups, virtual machines",
        team: 5,
        things: &["file server", "database server", "backup job", "virtual machine", "Citrix session", "certificate"],
    },
    Category {
        name: "ERP",
        description: "Finance, purchasing, payroll",
        team: 8,
        things: &["ERP client", "purchase order", "invoice workflow", "SAP report", "payroll export", "cost centre"],
    },
    Category {
        name: "Security",
        description: "Phishing, malware, suspicious activity",
        team: 6,
        things: &["phishing email", "antivirus alert", "suspicious login", "USB stick", "BitLocker recovery key"],
    },
    Category {
        name: "Facilities IT",
        description: "Meeting rooms, displays, badges",
        team: 9,
        things: &["meeting room display", "projector", "room booking panel", "badge reader", "TV screen"],
    },
    Category {
        name: "General",
        description: "Questions and everything else",
        team: 0,
        things: &["question", "how-to", "training", "documentation", "feedback"],
    },
];

const PROBLEMS: &[&str] = &[
    "does not start",
    "is very slow",
    "crashes",
    "shows an error",
    "keeps disconnecting",
    "is not detected",
    "freezes",
    "does not work",
    "stopped working",
    "cannot connect",
    "gives access denied",
    "is missing",
    "hangs at login",
    "reports a licence error",
    "times out",
    "is flickering",
    "prints blank pages",
    "fails after update",
    "is locked",
    "cannot be opened",
];

const REQUESTS: &[&str] = &[
    "request for a new",
    "need access to the",
    "please install",
    "please replace my",
    "set up a",
    "move my",
    "extend the",
    "remove the",
];

const CONTEXTS: &[&str] = &[
    "after the update",
    "since this morning",
    "when working from home",
    "on the VPN",
    "for the whole team",
    "after password change",
    "since yesterday",
    "in the new office",
    "after the move",
    "every few minutes",
    "on Monday mornings",
    "for the new hire",
    "before the audit",
    "urgently",
];

const SITES: &[&str] =
    &["Amsterdam", "Berlin", "Lyon", "Madrid", "Milan", "Warsaw", "Dublin", "Vienna", "Prague", "Lisbon", "Oslo"];

/// General IT words, most frequent first; drawn with a Zipf distribution.
const GENERAL: &[&str] = &[
    "error",
    "user",
    "system",
    "update",
    "server",
    "login",
    "access",
    "network",
    "file",
    "window",
    "screen",
    "connection",
    "restart",
    "message",
    "issue",
    "problem",
    "install",
    "version",
    "setting",
    "folder",
    "device",
    "driver",
    "profile",
    "session",
    "browser",
    "cache",
    "database",
    "backup",
    "license",
    "permission",
    "group",
    "policy",
    "certificate",
    "domain",
    "client",
    "service",
    "port",
    "cable",
    "adapter",
    "firmware",
    "patch",
    "reboot",
    "timeout",
    "latency",
    "bandwidth",
    "packet",
    "gateway",
    "router",
    "switch",
    "dhcp",
    "address",
    "proxy",
    "token",
    "credential",
    "sync",
    "onedrive",
    "sharepoint",
    "teams",
    "outlook",
    "calendar",
    "meeting",
    "invite",
    "attachment",
    "signature",
    "quota",
    "storage",
    "disk",
    "memory",
    "cpu",
    "performance",
    "crash",
    "dump",
    "log",
    "event",
    "trace",
    "ticket",
    "request",
    "approval",
    "manager",
    "department",
    "budget",
    "order",
    "delivery",
    "warranty",
    "vendor",
    "contract",
    "renewal",
    "invoice",
    "payroll",
    "report",
    "export",
    "import",
    "template",
    "macro",
    "spreadsheet",
    "document",
    "pdf",
    "scan",
    "toner",
    "tray",
    "paper",
    "jam",
    "queue",
    "spooler",
    "bluetooth",
    "usb",
    "hdmi",
    "displayport",
    "resolution",
    "brightness",
    "keyboard",
    "layout",
    "language",
    "keyboard",
    "audio",
    "microphone",
    "speaker",
    "headset",
    "camera",
    "video",
    "stream",
    "codec",
    "encryption",
    "bitlocker",
    "antivirus",
    "quarantine",
    "malware",
    "phishing",
    "spam",
    "filter",
    "rule",
    "forwarding",
    "alias",
    "mailbox",
    "migration",
    "tenant",
    "azure",
    "intune",
    "compliance",
    "enrolment",
    "autopilot",
    "image",
    "deployment",
    "script",
    "powershell",
    "registry",
    "gpo",
    "ldap",
    "kerberos",
    "sso",
    "saml",
    "oauth",
    "expiry",
    "lockout",
    "reset",
    "unlock",
    "mfa",
    "authenticator",
    "sms",
    "push",
    "badge",
    "door",
    "room",
    "floor",
    "building",
    "desk",
    "hotdesk",
    "booking",
    "projector",
    "display",
    "dock",
    "charger",
    "battery",
    "fan",
    "noise",
    "overheating",
    "hinge",
    "keycap",
    "touchpad",
    "stylus",
    "tablet",
    "phone",
    "sim",
    "roaming",
    "voicemail",
    "extension",
    "trunk",
    "pbx",
    "softphone",
    "citrix",
    "vdi",
    "rdp",
    "terminal",
    "snapshot",
    "hypervisor",
    "cluster",
    "failover",
    "replica",
    "restore",
    "retention",
    "archive",
    "tape",
    "nas",
    "san",
    "volume",
    "share",
    "mapping",
    "drive",
    "letter",
    "path",
    "symlink",
    "checksum",
    "hash",
    "backlog",
    "sprint",
    "release",
    "rollback",
    "hotfix",
    "changelog",
    "sapgui",
    "transaction",
    "workflow",
    "approval",
    "cost",
    "centre",
    "purchase",
    "requisition",
    "supplier",
    "catalogue",
];

/// Words each put into a few dozen tickets out of a million (see [`RARE_PER_MILLION`]).
pub const RARE: &[&str] =
    &["kerberoasting", "defragmentation", "hyperconverged", "geofencing", "tachograph", "microfiche", "zigbee"];

/// How many tickets per million carry each rare word.
pub const RARE_PER_MILLION: u32 = 40;

/// The searches the load driver runs (see [`crate::Manifest`]).
pub const FREQUENT_WORD: &str = "error";
pub const COMMON_WORD: &str = "printer";
pub const TWO_WORDS: &str = "vpn disconnecting";

/// Draws words from [`GENERAL`] with probability proportional to 1 / rank.
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Default for Zipf {
    fn default() -> Self {
        let mut total = 0.0;
        let cumulative = (0..GENERAL.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cumulative }
    }
}

impl Zipf {
    fn word(&self, rng: &mut impl Rng) -> &'static str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.random_range(0.0..total);
        let i = self.cumulative.partition_point(|c| *c < x).min(GENERAL.len() - 1);
        GENERAL[i]
    }

    fn words(&self, rng: &mut impl Rng, n: usize) -> String {
        (0..n).map(|_| self.word(rng)).collect::<Vec<_>>().join(" ")
    }
}

fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or("")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A ticket's subject and description.
pub fn ticket(rng: &mut impl Rng, zipf: &Zipf, category: &Category, request: bool, rare: bool) -> (String, String) {
    let thing = pick(rng, category.things);
    let context = pick(rng, CONTEXTS);
    let subject = if request {
        capitalised(&format!("{} {thing}", pick(rng, REQUESTS)))
    } else {
        capitalised(&format!("{thing} {} {context}", pick(rng, PROBLEMS)))
    };
    let mut description = if request {
        format!(
            "Hello, {} {thing} for our office in {}. {}.",
            pick(rng, REQUESTS),
            pick(rng, SITES),
            capitalised(&zipf.words(rng, 6))
        )
    } else {
        format!(
            "My {thing} {} {context}. I already tried a restart but the problem persists. Error code 0x{:08x} on host {}-{}{:03}.",
            pick(rng, PROBLEMS),
            rng.random::<u32>(),
            pick(rng, &["lt", "pc", "srv", "vm"]),
            pick(rng, SITES).to_lowercase(),
            rng.random_range(0..1000)
        )
    };
    for _ in 0..rng.random_range(1..4) {
        let n = rng.random_range(5..12);
        description.push_str(&format!(" {}.", capitalised(&zipf.words(rng, n))));
    }
    if rng.random_bool(0.3) {
        description.push_str(&format!(" Asset tag AT-{:06}.", rng.random_range(0..400_000)));
    }
    if rare {
        description.push_str(&format!(" Possibly related to {}.", pick(rng, RARE)));
    }
    (subject, description)
}

/// How a knowledge-base article's title reads.
const ARTICLE_TITLES: &[&str] = &[
    "How to fix: {thing} {problem}",
    "{thing} {problem} {context}",
    "Setting up your {thing}",
    "Requesting a {thing}",
];

/// A knowledge-base article about one of `category`'s things: its title, summary and HTML
/// body (symptoms, steps, a note), with general words drawn like a ticket's and a rare word
/// when asked.
pub fn article(rng: &mut impl Rng, zipf: &Zipf, category: &Category, rare: bool) -> (String, String, String) {
    let thing = pick(rng, category.things);
    let title = pick(rng, ARTICLE_TITLES)
        .replace("{thing}", thing)
        .replace("{problem}", pick(rng, PROBLEMS))
        .replace("{context}", pick(rng, CONTEXTS));
    let summary =
        format!("What to do when your {thing} {}. {}.", pick(rng, PROBLEMS), capitalised(&zipf.words(rng, 6)));
    let mut body = format!("<h2>Symptoms</h2><p>{}</p><h2>Steps</h2><ol>", capitalised(&summary));
    for _ in 0..rng.random_range(3..7) {
        let n = rng.random_range(6..14);
        body.push_str(&format!("<li>{}.</li>", capitalised(&zipf.words(rng, n))));
    }
    body.push_str("</ol>");
    let n = rng.random_range(10..30);
    let mut note = capitalised(&zipf.words(rng, n));
    if rare {
        note.push_str(&format!(", see also {}", pick(rng, RARE)));
    }
    body.push_str(&format!("<p><strong>Note:</strong> {note}. Ask the {} desk if it persists.</p>", category.name));
    (capitalised(&title), summary, body)
}

const REPLIES: &[&str] = &[
    "Thanks for reporting this. I am looking into it now.",
    "Could you tell me when this started and whether colleagues are affected too?",
    "I have applied a fix on our side. Could you please try again and let me know?",
    "This is done. Let us know if anything else is needed.",
    "We have ordered the part; it should arrive within two working days.",
    "I connected remotely and reinstalled the driver; please restart once more.",
    "Your request has been approved by your manager and is scheduled for tomorrow.",
];

const NOTES: &[&str] = &[
    "Same symptom as last month's driver issue; rolling back the driver.",
    "Checked the logs: certificate on the gateway expires soon, raised with the network team.",
    "Waiting for vendor response on the support case.",
    "User confirmed by phone. Closing after the usual waiting period.",
    "Known problem, linked to the change of last weekend.",
];

const ANSWERS: &[&str] = &[
    "It started yesterday afternoon. My neighbour has the same problem.",
    "Thank you, it works again!",
    "Still the same, unfortunately.",
    "I am in the office tomorrow from 9, you can come by then.",
    "Attached a screenshot of the error.",
];

/// What kind of comment to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// A public reply by staff.
    Reply,
    /// An internal note by staff.
    Note,
    /// The requester's answer.
    Answer,
}

/// A comment's body.
pub fn comment(rng: &mut impl Rng, zipf: &Zipf, voice: Voice) -> String {
    let base = match voice {
        Voice::Reply => pick(rng, REPLIES),
        Voice::Note => pick(rng, NOTES),
        Voice::Answer => pick(rng, ANSWERS),
    };
    if rng.random_bool(0.5) {
        let n = rng.random_range(3..9);
        format!("{base} {}.", capitalised(&zipf.words(rng, n)))
    } else {
        base.to_string()
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    #[test]
    fn printer_tickets_mention_printers_and_rare_words_only_when_asked() {
        let mut rng = StdRng::seed_from_u64(1);
        let zipf = Zipf::default();
        let printing = CATEGORIES.iter().find(|c| c.name == "Printing").unwrap();
        let printers =
            (0..200).filter(|_| ticket(&mut rng, &zipf, printing, false, false).0.contains("rinter")).count();
        assert!(printers > 50, "{printers}");
        for _ in 0..200 {
            let (_, description) = ticket(&mut rng, &zipf, printing, false, false);
            assert!(!RARE.iter().any(|w| description.contains(w)), "{description}");
        }
        let (_, description) = ticket(&mut rng, &zipf, printing, true, true);
        assert!(RARE.iter().any(|w| description.contains(w)), "{description}");
    }
}
