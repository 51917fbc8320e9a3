//! An asset type's own fields ("RAM (GB)" on laptops, "Rack unit" on servers): their
//! definitions, and the values an asset gives them, kept as text and checked by kind.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validate::{NAME_MAX, RuleError, text, text_enum};

/// Most fields a type may define.
pub const FIELDS_MAX: usize = 30;
/// Longest value, in characters.
pub const VALUE_MAX: usize = 500;

text_enum!(
    /// What a field holds.
    FieldKind, "kind" {
        Text = "text",
        /// A decimal number, such as 16 or 2.5.
        Number = "number",
        /// A day, written 2026-12-06.
        Date = "date",
        /// `yes` or `no`.
        YesNo = "yes_no",
    }
);

/// One field of an asset type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The name values are stored under: lower-case letters, digits and `_`, starting with a
    /// letter (`ram_gb`).
    pub key: String,
    /// What people read, e.g. "RAM (GB)".
    pub label: String,
    pub kind: FieldKind,
}

/// Checks a type's field definitions: at most 30, each key well formed and used once.
pub fn check_defs(defs: &[FieldDef]) -> Result<Vec<FieldDef>, RuleError> {
    if defs.len() > FIELDS_MAX {
        return Err(RuleError::invalid("fields", format!("a type may have at most {FIELDS_MAX} fields")));
    }
    let mut checked: Vec<FieldDef> = Vec::with_capacity(defs.len());
    for def in defs {
        let key = def.key.trim();
        let well_formed = key.len() <= 40
            && key.starts_with(|c: char| c.is_ascii_lowercase())
            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return Err(RuleError::invalid(
                "fields",
                format!("{key:?} is not a field key: use lower-case letters, digits and _, starting with a letter"),
            ));
        }
        if checked.iter().any(|d| d.key == key) {
            return Err(RuleError::invalid("fields", format!("the key {key:?} is used twice")));
        }
        let label = text("fields", &def.label, NAME_MAX, false)?;
        checked.push(FieldDef { key: key.to_string(), label, kind: def.kind });
    }
    Ok(checked)
}

/// Checks an asset's values against its type's fields: only defined keys, each value of
/// its field's kind; empty values are dropped.
pub fn check_values(
    defs: &[FieldDef],
    values: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, RuleError> {
    let mut checked = BTreeMap::new();
    for (key, value) in values {
        let def = defs
            .iter()
            .find(|d| &d.key == key)
            .ok_or_else(|| RuleError::invalid("fields", format!("{key:?} is not a field of this asset type")))?;
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let field = format!("fields.{key}");
        let value = match def.kind {
            FieldKind::Text => text(&field, value, VALUE_MAX, false)?,
            FieldKind::Number => {
                value.parse::<f64>().ok().filter(|n| n.is_finite() && value.len() <= 30).ok_or_else(|| {
                    RuleError::invalid(&field, format!("{} must be a number such as 16 or 2.5", def.label))
                })?;
                value.to_string()
            }
            FieldKind::Date => day(&field, value)?.to_string(),
            FieldKind::YesNo => match value {
                "yes" | "no" => value.to_string(),
                _ => return Err(RuleError::invalid(&field, format!("{} must be yes or no", def.label))),
            },
        };
        checked.insert(key.clone(), value);
    }
    Ok(checked)
}

/// Reads a day written `2026-12-06`.
pub fn day(field: &str, value: &str) -> Result<NaiveDate, RuleError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| RuleError::invalid(field, "must be a day written like 2026-12-06"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(key: &str, kind: FieldKind) -> FieldDef {
        FieldDef { key: key.into(), label: key.to_uppercase(), kind }
    }

    #[test]
    fn definitions_need_distinct_well_formed_keys() {
        assert!(check_defs(&[def("ram_gb", FieldKind::Number), def("rack_u", FieldKind::Text)]).is_ok());
        for bad in ["", "RAM", "1ram", "ram-gb", "ram gb", "ráм"] {
            assert!(check_defs(&[def(bad, FieldKind::Text)]).is_err(), "{bad:?}");
        }
        assert!(check_defs(&[def("a", FieldKind::Text), def("a", FieldKind::Date)]).is_err());
        let many: Vec<_> = (0..=FIELDS_MAX).map(|i| def(&format!("f{i}"), FieldKind::Text)).collect();
        assert!(check_defs(&many).is_err());
    }

    #[test]
    fn values_are_checked_by_kind() {
        let defs = [
            def("ram_gb", FieldKind::Number),
            def("bought", FieldKind::Date),
            def("spare", FieldKind::YesNo),
            def("note", FieldKind::Text),
        ];
        let values = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let ok = check_values(
            &defs,
            &values(&[("ram_gb", " 16 "), ("bought", "2024-02-29"), ("spare", "no"), ("note", "")]),
        );
        assert_eq!(ok.unwrap(), values(&[("ram_gb", "16"), ("bought", "2024-02-29"), ("spare", "no")]));
        for bad in [("ram_gb", "lots"), ("ram_gb", "inf"), ("bought", "2023-02-29"), ("spare", "maybe"), ("cpu", "x")] {
            assert!(check_values(&defs, &values(&[bad])).is_err(), "{bad:?}");
        }
    }
}
