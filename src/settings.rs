//! Effective settings and where each value came from.
//!
//! Precedence: command-line flags beat environment variables (`ECSDRILL_<KEY>`), which beat the
//! config file (`ECSDRILL_CONFIG`, else `config.toml` in the XDG config dir), which beats the
//! defaults. Every key is parsed from text by one function, whatever its origin, so a value means
//! the same thing in the file and in the environment.

use crate::error::{Error, Located, Result};
use chrono::NaiveTime;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const CONFIG_ENV: &str = "ECSDRILL_CONFIG";

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "name")]
pub enum Origin {
    Default,
    File(String),
    Env(String),
    Flag(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File(p) => write!(f, "file {p}"),
            Origin::Env(v) => write!(f, "env {v}"),
            Origin::Flag(n) => write!(f, "flag {n}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LeechAction {
    /// Mark the card as a leech and keep showing it.
    Tag,
    /// Mark it and take it out of every queue.
    Suspend,
}

/// The order new cards come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NewOrder {
    /// Curriculum file order: phase, topic number, card (with the phase gate).
    File,
    /// The curriculum README's 12 recommended study themes, in order.
    Themes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// One setting's value and origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            origin: Origin::Default,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub new_per_day: Setting<u32>,
    pub reviews_per_day: Setting<u32>,
    pub day_starts_at: Setting<NaiveTime>,
    pub leech_threshold: Setting<u32>,
    /// The longest interval a grade may schedule, in days (Anki's default too).
    pub max_interval: Setting<u32>,
    pub leech_action: Setting<LeechAction>,
    pub color: Setting<ColorChoice>,
    pub no_builtin: Setting<bool>,
    pub new_card_order: Setting<NewOrder>,
}

/// The keys a config file or `ECSDRILL_<KEY>` may set, in display order.
pub const KEYS: [&str; 9] = [
    "new_per_day",
    "reviews_per_day",
    "day_starts_at",
    "leech_threshold",
    "max_interval",
    "leech_action",
    "color",
    "no_builtin",
    "new_card_order",
];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            new_per_day: Setting::default(20),
            reviews_per_day: Setting::default(200),
            day_starts_at: Setting::default(NaiveTime::from_hms_opt(4, 0, 0).unwrap_or_default()),
            leech_threshold: Setting::default(8),
            max_interval: Setting::default(crate::scheduler::sm2::MAX_INTERVAL_DAYS),
            leech_action: Setting::default(LeechAction::Tag),
            color: Setting::default(ColorChoice::Auto),
            no_builtin: Setting::default(false),
            new_card_order: Setting::default(NewOrder::File),
        }
    }
}

fn parse_count(raw: &str, min: u32) -> Result<u32, String> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= min)
        .ok_or_else(|| format!("expected a whole number >= {min}, got {raw:?}"))
}

fn parse_enum<T: clap::ValueEnum>(raw: &str) -> Result<T, String> {
    T::from_str(raw.trim(), true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("expected one of {}, got {raw:?}", names.join(", "))
    })
}

/// Parses "HH:MM" (24-hour clock).
pub fn parse_time_of_day(raw: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| format!("expected a time of day HH:MM (e.g. 04:00), got {raw:?}"))
}

impl Settings {
    /// Sets `key` from its text form, recording `origin`. The error names the rule broken.
    pub fn apply(&mut self, key: &str, raw: &str, origin: Origin) -> Result<(), String> {
        fn set<T>(slot: &mut Setting<T>, value: T, origin: Origin) {
            *slot = Setting { value, origin };
        }
        match key {
            "new_per_day" => set(&mut self.new_per_day, parse_count(raw, 0)?, origin),
            "reviews_per_day" => set(&mut self.reviews_per_day, parse_count(raw, 0)?, origin),
            "day_starts_at" => set(&mut self.day_starts_at, parse_time_of_day(raw)?, origin),
            "leech_threshold" => set(&mut self.leech_threshold, parse_count(raw, 1)?, origin),
            "max_interval" => {
                let days = parse_count(raw, 1)?;
                let most = crate::scheduler::sm2::MAX_INTERVAL_DAYS;
                if days > most {
                    return Err(format!("expected at most {most} days, got {days}"));
                }
                set(&mut self.max_interval, days, origin);
            }
            "leech_action" => set(&mut self.leech_action, parse_enum(raw)?, origin),
            "color" => set(&mut self.color, parse_enum(raw)?, origin),
            "new_card_order" => set(&mut self.new_card_order, parse_enum(raw)?, origin),
            "no_builtin" => {
                let value = match raw.trim() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" | "" => false,
                    _ => return Err(format!("expected true or false, got {raw:?}")),
                };
                set(&mut self.no_builtin, value, origin)
            }
            _ => {
                return Err(format!(
                    "unknown setting `{key}` (known: {})",
                    KEYS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Applies a config file's text; every problem names file:line:col.
    pub fn apply_file(&mut self, file: &str, text: &str) -> Result<()> {
        let table: BTreeMap<String, toml::Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| {
                let offset = e.span().map_or(0, |s| s.start);
                Error::Config(Located::at(file, text, offset, e.message().trim()))
            })?;
        for (key, value) in &table {
            let raw = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                other => format!("{other}"),
            };
            self.apply(key, &raw, Origin::File(file.to_string()))
                .map_err(|msg| {
                    Error::Config(Located::at(
                        file,
                        text,
                        value.span().start,
                        format!("{key}: {msg}"),
                    ))
                })?;
        }
        Ok(())
    }

    /// Applies `ECSDRILL_<KEY>` variables found by `lookup`.
    pub fn apply_env(&mut self, lookup: impl Fn(&str) -> Option<String>) -> Result<()> {
        for key in KEYS {
            let var = format!("ECSDRILL_{}", key.to_uppercase());
            if let Some(raw) = lookup(&var) {
                self.apply(key, &raw, Origin::Env(var.clone()))
                    .map_err(|msg| Error::Invalid(format!("{var}: {msg}")))?;
            }
        }
        Ok(())
    }

    /// Every key with its effective value (as text) and origin, for `ecsdrill config`.
    pub fn effective(&self) -> Vec<(&'static str, String, &Origin)> {
        vec![
            (
                "new_per_day",
                self.new_per_day.value.to_string(),
                &self.new_per_day.origin,
            ),
            (
                "reviews_per_day",
                self.reviews_per_day.value.to_string(),
                &self.reviews_per_day.origin,
            ),
            (
                "day_starts_at",
                self.day_starts_at.value.format("%H:%M").to_string(),
                &self.day_starts_at.origin,
            ),
            (
                "leech_threshold",
                self.leech_threshold.value.to_string(),
                &self.leech_threshold.origin,
            ),
            (
                "max_interval",
                self.max_interval.value.to_string(),
                &self.max_interval.origin,
            ),
            (
                "leech_action",
                enum_name(&self.leech_action.value),
                &self.leech_action.origin,
            ),
            ("color", enum_name(&self.color.value), &self.color.origin),
            (
                "no_builtin",
                self.no_builtin.value.to_string(),
                &self.no_builtin.origin,
            ),
            (
                "new_card_order",
                enum_name(&self.new_card_order.value),
                &self.new_card_order.origin,
            ),
        ]
    }
}

fn enum_name<T: clap::ValueEnum>(v: &T) -> String {
    v.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}

/// The config file to read: `ECSDRILL_CONFIG` when set, else the XDG default (which may not exist).
pub fn config_path(env_value: Option<PathBuf>) -> Option<PathBuf> {
    env_value.or_else(|| {
        directories::ProjectDirs::from("", "", "ecsdrill")
            .map(|d| d.config_dir().join("config.toml"))
    })
}

/// Reads the config file if there is one. A missing default file is fine; a missing file named
/// by `ECSDRILL_CONFIG` is an error, since the user asked for it.
pub fn load_file(settings: &mut Settings, path: &Path, required: bool) -> Result<()> {
    // Reading a FIFO or device would block or never end: a config file is a regular file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(Error::Invalid(format!(
            "config file is not a regular file: {}",
            path.display()
        )));
    }
    match std::fs::read_to_string(path) {
        Ok(text) => settings.apply_file(&path.display().to_string(), &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(()),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_values_apply_with_origin() {
        let mut s = Settings::default();
        s.apply_file(
            "c.toml",
            "new_per_day = 5\nday_starts_at = \"06:30\"\nleech_action = \"suspend\"\n",
        )
        .unwrap();
        assert_eq!(s.new_per_day.value, 5);
        assert_eq!(s.new_per_day.origin, Origin::File("c.toml".into()));
        assert_eq!(
            s.day_starts_at.value,
            NaiveTime::from_hms_opt(6, 30, 0).unwrap()
        );
        assert_eq!(s.leech_action.value, LeechAction::Suspend);
        assert_eq!(s.reviews_per_day.origin, Origin::Default);
    }

    #[test]
    fn bad_file_values_name_line_and_rule() {
        let mut s = Settings::default();
        let err = s
            .apply_file("c.toml", "new_per_day = 5\nleech_threshold = 0\n")
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("c.toml:2:"), "{msg}");
        assert!(msg.contains("leech_threshold"), "{msg}");
        let err = s.apply_file("c.toml", "\n\nnew_per_dya = 5\n").unwrap_err();
        assert!(err.to_string().contains("unknown setting `new_per_dya`"));
        assert!(err.to_string().contains("c.toml:3:"), "{err}");
        let err = s.apply_file("c.toml", "color = [1]\n").unwrap_err();
        assert!(
            err.to_string().contains("color: expected one of auto"),
            "{err}"
        );
    }

    #[test]
    fn env_beats_file() {
        let mut s = Settings::default();
        s.apply_file("c.toml", "new_per_day = 5\n").unwrap();
        s.apply_env(|v| (v == "ECSDRILL_NEW_PER_DAY").then(|| "7".to_string()))
            .unwrap();
        assert_eq!(s.new_per_day.value, 7);
        assert_eq!(
            s.new_per_day.origin,
            Origin::Env("ECSDRILL_NEW_PER_DAY".into())
        );
        let err = s
            .apply_env(|v| (v == "ECSDRILL_COLOR").then(|| "pink".to_string()))
            .unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
