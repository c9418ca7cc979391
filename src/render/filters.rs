//! Template filters a magazine needs, registered on Tera by [`super::templates`].
//!
//! - `localdate`: an ISO date (`"2023-01-10"`, or a datetime starting with one)
//!   written out in the site's language: `{{ article.date | localdate }}` →
//!   "January 10, 2023" (`en`), "10 janvier 2023" (`fr`). Arguments:
//!   `format="long"` (default), `"short"` (abbreviated month) or `"month"` (month
//!   and year); `lang="de"` overrides the site's language. Languages with month
//!   names here: en, fr, de, es, it, nl, pt; others fall back to English.
//! - `reading_time`: minutes at 230 words a minute, at least 1, from a word count
//!   or from a text (`{{ page.body | striptags | reading_time }}`).
//! - `smartypants`: curly quotes, dashes and ellipses for a plain string from front
//!   matter or `[extra]` (the same rules as article bodies).
//! - `markdown_inline`: a string rendered as inline Markdown (emphasis, links, code;
//!   smart punctuation when the site has it on; root-relative links get the base
//!   path), for captions, credits and titles given as shortcode arguments. Print it
//!   with `| safe`. With `plain=true` it gives the same as plain text instead (for
//!   attributes such as `aria-label`; let Tera escape it, no `| safe`).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use tera::{Tera, Value};

use crate::config::BasePath;
use crate::markdown::{self, smart, stats, ResolvedImage, Resolver};

/// What the filters need to know about the site.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The site's language (`en`), for `localdate`.
    pub language: String,
    /// The base path (`/review/`), for links in `markdown_inline` and the
    /// `url_for` and `asset_url` functions.
    pub base_path: BasePath,
    /// Smart punctuation in `markdown_inline`.
    pub smart_punctuation: bool,
    /// Untrusted mode: `get_env` is replaced by a function that fails.
    pub untrusted: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "en".into(),
            base_path: BasePath::root(),
            smart_punctuation: true,
            untrusted: false,
        }
    }
}

/// Links in template strings: root-relative URLs get the base path; `@/` links
/// cannot be resolved here and stay as written.
struct TemplateLinks(BasePath);

impl Resolver for TemplateLinks {
    fn link(&self, content_path: &str) -> Result<String, String> {
        Err(format!("@/{content_path} cannot be resolved in a template"))
    }
    fn image(&self, src: &str) -> ResolvedImage {
        ResolvedImage {
            url: self.root(src),
            ..Default::default()
        }
    }
    fn root(&self, path: &str) -> String {
        if path.starts_with('/') && !path.starts_with("//") {
            self.0.url(path)
        } else {
            path.to_string()
        }
    }
}

/// Month names and date patterns of one language.
struct Locale {
    months: [&'static str; 12],
    short: [&'static str; 12],
    /// `{d}`, `{m}`, `{y}` placeholders.
    long: &'static str,
    month_year: &'static str,
}

const EN: Locale = Locale {
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    long: "{m} {d}, {y}",
    month_year: "{m} {y}",
};

const FR: Locale = Locale {
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    short: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
    long: "{d} {m} {y}",
    month_year: "{m} {y}",
};

const DE: Locale = Locale {
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    short: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ],
    long: "{d}. {m} {y}",
    month_year: "{m} {y}",
};

const ES: Locale = Locale {
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    short: [
        "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.",
        "dic.",
    ],
    long: "{d} de {m} de {y}",
    month_year: "{m} de {y}",
};

const IT: Locale = Locale {
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    short: [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ],
    long: "{d} {m} {y}",
    month_year: "{m} {y}",
};

const NL: Locale = Locale {
    months: [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    short: [
        "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.",
        "dec.",
    ],
    long: "{d} {m} {y}",
    month_year: "{m} {y}",
};

const PT: Locale = Locale {
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    short: [
        "jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
        "dez.",
    ],
    long: "{d} de {m} de {y}",
    month_year: "{m} de {y}",
};

/// The locale of a BCP 47 tag (`fr`, `fr-CA`); English when there is none.
fn locale(lang: &str) -> &'static Locale {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => &FR,
        "de" => &DE,
        "es" => &ES,
        "it" => &IT,
        "nl" => &NL,
        "pt" => &PT,
        _ => &EN,
    }
}

/// Date formats of `localdate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFormat {
    /// "January 10, 2023".
    Long,
    /// "Jan 10, 2023".
    Short,
    /// "January 2023".
    MonthYear,
}

/// A date written out in `lang`.
pub(crate) fn format_date(date: NaiveDate, lang: &str, format: DateFormat) -> String {
    let l = locale(lang);
    let m = date.month0() as usize;
    let (pattern, month) = match format {
        DateFormat::Long => (l.long, l.months[m]),
        DateFormat::Short => (l.long, l.short[m]),
        DateFormat::MonthYear => (l.month_year, l.months[m]),
    };
    pattern
        .replace("{d}", &date.day().to_string())
        .replace("{m}", month)
        .replace("{y}", &date.year().to_string())
}

fn parse_iso(value: &Value) -> tera::Result<NaiveDate> {
    let text = value.as_str().unwrap_or_default();
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "localdate needs an ISO date such as \"2023-01-10\", got {value}"
            ))
        })
}

/// Registers `localdate` (with the site's language as its default), `reading_time`,
/// `smartypants` and `markdown_inline`.
pub(crate) fn register(tera: &mut Tera, settings: &Settings) {
    let default_lang = settings.language.clone();
    tera.register_filter(
        "localdate",
        move |value: &Value, args: &HashMap<String, Value>| {
            let date = parse_iso(value)?;
            let lang = args
                .get("lang")
                .and_then(Value::as_str)
                .unwrap_or(&default_lang);
            let format = match args.get("format").and_then(Value::as_str) {
                None | Some("long") => DateFormat::Long,
                Some("short") => DateFormat::Short,
                Some("month") => DateFormat::MonthYear,
                Some(other) => {
                    return Err(tera::Error::msg(format!(
                        "localdate: format `{other}` is not one of long, short, month"
                    )))
                }
            };
            Ok(Value::String(format_date(date, lang, format)))
        },
    );
    tera.register_filter(
        "reading_time",
        |value: &Value, _: &HashMap<String, Value>| {
            let words = match value {
                Value::Number(n) => n.as_u64().unwrap_or(0) as usize,
                Value::String(s) => s.split_whitespace().count(),
                other => {
                    return Err(tera::Error::msg(format!(
                        "reading_time needs a word count or a text, got {other}"
                    )))
                }
            };
            Ok(Value::from(stats::reading_time(words)))
        },
    );
    let options = markdown::Options {
        smart_punctuation: settings.smart_punctuation,
        ..markdown::Options::default()
    };
    let resolver = TemplateLinks(settings.base_path.clone());
    tera.register_filter(
        "markdown_inline",
        move |value: &Value, args: &HashMap<String, Value>| match value {
            Value::String(s) => {
                let inline = markdown::render_inline(s, &options, &resolver);
                let plain = args.get("plain").and_then(Value::as_bool).unwrap_or(false);
                Ok(Value::String(if plain { inline.text } else { inline.html }))
            }
            Value::Null => Ok(Value::String(String::new())),
            other => Err(tera::Error::msg(format!(
                "markdown_inline needs a string, got {other}"
            ))),
        },
    );
    tera.register_filter(
        "smartypants",
        |value: &Value, _: &HashMap<String, Value>| match value {
            Value::String(s) => Ok(Value::String(smart::apply_str(s))),
            Value::Null => Ok(Value::String(String::new())),
            other => Err(tera::Error::msg(format!(
                "smartypants needs a string, got {other}"
            ))),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_several_languages() {
        let d = NaiveDate::from_ymd_opt(2023, 1, 10).unwrap();
        assert_eq!(format_date(d, "en", DateFormat::Long), "January 10, 2023");
        assert_eq!(format_date(d, "en-GB", DateFormat::Short), "Jan 10, 2023");
        assert_eq!(format_date(d, "fr", DateFormat::Long), "10 janvier 2023");
        assert_eq!(format_date(d, "de", DateFormat::Long), "10. Januar 2023");
        assert_eq!(format_date(d, "es", DateFormat::MonthYear), "enero de 2023");
        assert_eq!(format_date(d, "xx", DateFormat::MonthYear), "January 2023");
    }
}
