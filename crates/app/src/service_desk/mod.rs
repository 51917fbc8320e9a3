//! The service desk's use cases: tickets and filing, SLA, routing, links, watchers, major
//! incidents, time, canned responses, search, views, exports, bulk changes, surveys,
//! categories, automation, imports, mail turned into tickets, and who hears of a ticket
//! (in the app, by mail, by webhook, on live pages).

pub mod access;
pub mod automation;
pub mod bulk;
pub mod canned;
pub mod categories;
pub mod demo;
pub mod exports;
pub mod filing;
pub mod health;
pub mod imports;
pub mod inbound_mail;
pub mod jobs;
pub mod links;
pub mod live;
pub mod major_incidents;
pub mod notify;
pub mod notify_mail;
pub mod presence;
pub mod routing;
pub mod search;
pub mod sla;
pub mod surveys;
pub mod tickets;
pub mod time_entries;
pub mod views;
pub mod watchers;
pub mod webhook_events;
