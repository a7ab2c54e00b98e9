//! The MiniJinja environment: templates compiled once per build, the
//! filters the theme uses, and errors mapped to `templates/x.html:LINE`.

use crate::config::Digits;
use crate::error::Error;
use crate::markdown::{escape_html, isolate_latin, needs_escaping};
use crate::theme::Theme;
use minijinja::{Environment, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// Compiles every template of the theme. A syntax error names the template
/// file and line.
pub fn environment(theme: &Theme, digits: Digits) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    minijinja_contrib::add_to_environment(&mut env);
    env.set_formatter(html_formatter);
    env.add_filter("isolate", |text: Value| -> Value {
        let html = match text.as_str() {
            Some(s) => isolate_latin(s),
            None => isolate_latin(&text.to_string()),
        };
        Value::from_safe_string(html)
    });
    env.add_filter("digits", move |v: Value| -> String { super::dates::digits(&v.to_string(), digits) });
    for (name, t) in &theme.templates {
        if !name.ends_with(".html") && !name.ends_with(".xml") && !name.ends_with(".txt") {
            continue;
        }
        env.add_template_owned(name.clone(), t.source.clone()).map_err(|e| template_error(theme, &e))?;
    }
    for required in crate::theme::REQUIRED_TEMPLATES {
        if env.get_template(required).is_err() {
            return Err(Error::new(format!(
                "the theme has no templates/{required}: add it or remove the site's templates/ override"
            )));
        }
    }
    Ok(env)
}

/// Adds `cached(name)`: template `name` rendered once per build with the
/// site-wide context (`site`, `home_url`, `tags_url`, `feed_url`, `css_url`,
/// `nav_years`, `include_drafts`) and reused by every page, like Hugo's
/// `partialCached`. Parts of the page chrome that do not depend on the page
/// (the year navigation, the footer) would otherwise be rendered again for
/// each of tens of thousands of pages.
pub fn add_cached(env: &mut Environment<'static>, site_context: Value) {
    let cache: Mutex<HashMap<String, Value>> = Mutex::new(HashMap::new());
    env.add_function("cached", move |state: &minijinja::State, name: &str| -> Result<Value, minijinja::Error> {
        if let Some(html) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
            return Ok(html.clone());
        }
        let html = Value::from_safe_string(state.env().get_template(name)?.render(&site_context)?);
        cache.lock().unwrap_or_else(|e| e.into_inner()).insert(name.to_string(), html.clone());
        Ok(html)
    });
}

/// Escapes like MiniJinja's default but leaves `/` alone: URLs in
/// attributes stay readable (`&#x2f;` is valid but bloats every link).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() {
        if let Some(s) = value.as_str() {
            if !needs_escaping(s) {
                return out
                    .write_str(s)
                    .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed"));
            }
            return out
                .write_str(&escape_html(s))
                .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed"));
        }
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        return out
            .write_str(&escape_html(&value.to_string()))
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed"));
    }
    minijinja::escape_formatter(out, state, value)
}

/// Maps a MiniJinja error to the template file and line it points at.
pub fn template_error(theme: &Theme, err: &minijinja::Error) -> Error {
    let mut message = err.detail().map(str::to_string).unwrap_or_else(|| err.kind().to_string());
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    match (err.name(), err.line()) {
        (Some(name), Some(line)) => Error::at_line(theme.template_path(name), line, message),
        (Some(name), None) => Error::at(theme.template_path(name), message),
        _ => Error::new(message),
    }
}
