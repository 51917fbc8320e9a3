mod csat;
mod kpis;
mod self_service;
