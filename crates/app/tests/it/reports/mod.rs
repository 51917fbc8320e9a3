mod csat;
mod kpis;
