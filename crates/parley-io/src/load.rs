//! Reading scenario files, with every error located by file, line, column and field.

use std::fmt;
use std::path::Path;

use parley_core::raw::RawScenario;
use parley_core::{FieldError, FieldPath, PathSeg, Scenario};
use toml::de::{DeTable, DeValue};

/// The bundled Alaska summit scenario (TOML), embedded in the binary.
pub const ALASKA_TOML: &str = include_str!("../../../scenarios/alaska-2025.toml");
/// Name shown for the bundled scenario in messages.
pub const ALASKA_NAME: &str = "<bundled>/alaska-2025.toml";
/// Largest scenario file read (bytes).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One located problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// File name as given.
    pub file: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// The field, e.g. `position[3].salience`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((l, c)) = self.location {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct LoadError(pub Vec<Diagnostic>);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl LoadError {
    fn one(file: &str, message: impl Into<String>) -> Self {
        Self(vec![Diagnostic {
            file: file.into(),
            location: None,
            field: None,
            message: message.into(),
        }])
    }
}

/// Text format of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// TOML (the default).
    Toml,
    /// JSON, same structure.
    Json,
}

impl SourceFormat {
    /// Guess from a file name: `.json` is JSON, anything else TOML.
    pub fn from_path(p: &Path) -> Self {
        match p.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => SourceFormat::Json,
            _ => SourceFormat::Toml,
        }
    }
}

/// A scenario with the text it came from (to locate later errors, e.g. in variants).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// File name for messages.
    pub name: String,
    /// Source text.
    pub text: String,
    /// Text format.
    pub format: SourceFormat,
    /// The validated scenario.
    pub scenario: Scenario,
}

impl Loaded {
    /// Locate a field error of this file.
    pub fn diagnostic(&self, e: &FieldError) -> Diagnostic {
        locate(&self.name, &self.text, self.format, e)
    }

    /// Apply variant `id` and validate the result; errors name the variant and are located
    /// at the variant's own entry (and field) that caused them where there is one.
    pub fn variant(&self, id: &str) -> Result<Scenario, LoadError> {
        let (raw, origins) = parley_core::apply_variant_traced(self.scenario.raw(), id)
            .map_err(|e| LoadError(vec![self.diagnostic(&e)]))?;
        let vi = self
            .scenario
            .raw()
            .variants
            .iter()
            .position(|v| v.id == id)
            .unwrap_or(0);
        let vp = FieldPath::root().key("variant").index(vi);
        let checked = Scenario::from_raw(raw).map_err(|errs| errs.0).and_then(|s| {
            let errs = parley_models::registry::check_sections(&s);
            if errs.is_empty() { Ok(s) } else { Err(errs) }
        });
        checked.map_err(|errs| {
            LoadError(
                errs.into_iter()
                    .map(|e| {
                        let at = match e.path.0.as_slice() {
                            [PathSeg::Key(list), PathSeg::Index(k), rest @ ..] => origins
                                .iter()
                                .rev()
                                .find(|(l, at, _)| l == list && at == k)
                                .map(|(_, _, j)| {
                                    let entry = vp.key(list).index(*j);
                                    match rest.first() {
                                        Some(PathSeg::Key(f)) => entry.key(f),
                                        _ => entry,
                                    }
                                }),
                            _ => None,
                        };
                        let mut d = self.diagnostic(&FieldError::new(at.unwrap_or_else(|| vp.clone()), ""));
                        d.field = Some(format!("variant `{id}`"));
                        d.message = format!("after applying it, {}: {}", e.path, e.message);
                        d
                    })
                    .collect(),
            )
        })
    }
}

/// Load the bundled Alaska scenario.
pub fn load_bundled() -> Result<Loaded, LoadError> {
    load_str(ALASKA_NAME, ALASKA_TOML, SourceFormat::Toml)
}

/// Name shown in messages for a scenario read from standard input (`-`).
pub const STDIN_NAME: &str = "<stdin>";

/// Load a scenario file (TOML, or JSON by extension), refusing files over [`MAX_FILE_BYTES`].
/// The path `-` reads standard input; its format is JSON when the text starts with `{`, else TOML.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_text(path)?;
    // A byte-order mark is not part of the text (editors on Windows add one).
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    if is_stdin(path) {
        let format = if text.trim_start().starts_with('{') {
            SourceFormat::Json
        } else {
            SourceFormat::Toml
        };
        return load_str(STDIN_NAME, &text, format);
    }
    load_str(&path.display().to_string(), &text, SourceFormat::from_path(path))
}

/// Whether a path means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Read a UTF-8 text file of at most [`MAX_FILE_BYTES`]; errors name the file (and the line of bad UTF-8).
///
/// Only regular files are read (a device, FIFO or socket is refused before it is opened, so
/// `/dev/zero` cannot exhaust memory and a FIFO without a writer cannot hang); `-` reads standard
/// input. The limit is enforced while reading, not only from the file's reported size.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    use std::io::Read;
    let stdin = is_stdin(path);
    let name = if stdin {
        STDIN_NAME.to_owned()
    } else {
        path.display().to_string()
    };
    let too_big = |n: u64| {
        LoadError::one(
            &name,
            format!(
                "{n} bytes or more is larger than the {} MiB limit",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    let mut bytes = Vec::new();
    if stdin {
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| LoadError::one(&name, format!("cannot read standard input: {e}")))?;
    } else {
        let meta = std::fs::metadata(path).map_err(|e| LoadError::one(&name, format!("cannot read: {e}")))?;
        if meta.is_dir() {
            return Err(LoadError::one(&name, "is a directory, not a file"));
        }
        if !meta.is_file() {
            return Err(LoadError::one(
                &name,
                "is not a regular file (a device, FIFO or socket); pipe it in and give `-` to read standard input",
            ));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big(meta.len()));
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| LoadError::one(&name, format!("cannot read: {e}")))?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        LoadError(vec![Diagnostic {
            file: name.clone(),
            location: Some((line, col)),
            field: None,
            message: "the file is not valid UTF-8".into(),
        }])
    })
}

/// Load a scenario from text.
pub fn load_str(name: &str, text: &str, format: SourceFormat) -> Result<Loaded, LoadError> {
    if text.trim().is_empty() {
        let mut e = LoadError::one(name, "the file is empty; `parley init` writes an example scenario");
        e.0[0].location = Some((1, 1));
        return Err(e);
    }
    let raw: RawScenario = match format {
        SourceFormat::Toml => toml::from_str(text).map_err(|e| {
            let span = e.span();
            let location = span.as_ref().map(|s| line_col(text, s.start));
            let missing = e.message().starts_with("missing field");
            // The file's own required fields (the rest default or sit in tables).
            let top = ["missing field `format`", "missing field `scenario`"].contains(&e.message().trim());
            let field = if top {
                None
            } else if missing {
                // A missing field is reported at the table that lacks it (its header).
                span.and_then(|s| table_at(text, s.start))
            } else {
                span.and_then(|s| path_at(text, s.start))
                    .filter(|p| !p.0.is_empty())
                    .map(|p| p.to_string())
            };
            LoadError(vec![Diagnostic {
                file: name.into(),
                location,
                field,
                message: parley_core::error::plain_types(e.message().trim()),
            }])
        })?,
        SourceFormat::Json => {
            let json_error = |e: &serde_json::Error, field: Option<String>| {
                // serde_json appends " at line L column C": the location is shown in front instead.
                let message = e.to_string();
                let message = parley_core::error::plain_types(
                    &message
                        .rsplit_once(" at line ")
                        .map_or(message.clone(), |(m, _)| m.to_owned()),
                );
                LoadError(vec![Diagnostic {
                    file: name.into(),
                    location: Some((e.line(), e.column())),
                    field,
                    message,
                }])
            };
            let mut de = serde_json::Deserializer::from_str(text);
            let raw: RawScenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let field = Some(e.path().to_string()).filter(|p| p != ".");
                json_error(e.inner(), field)
            })?;
            de.end().map_err(|e| json_error(&e, None))?;
            raw
        }
    };
    match Scenario::from_raw(raw) {
        Ok(scenario) => {
            let errs = parley_models::registry::check_sections(&scenario);
            if !errs.is_empty() {
                return Err(LoadError(errs.iter().map(|e| locate(name, text, format, e)).collect()));
            }
            Ok(Loaded {
                name: name.into(),
                text: text.into(),
                format,
                scenario,
            })
        }
        Err(errs) => {
            let mut ds: Vec<Diagnostic> = errs.0.iter().map(|e| locate(name, text, format, e)).collect();
            // In file order (stable: problems at one place keep the order they were found in).
            ds.sort_by_key(|d| d.location.unwrap_or((usize::MAX, 0)));
            Err(LoadError(ds))
        }
    }
}

fn locate(name: &str, text: &str, format: SourceFormat, e: &FieldError) -> Diagnostic {
    let location = match format {
        SourceFormat::Toml => span_of(text, &e.path).map(|s| line_col(text, s)),
        SourceFormat::Json => json_span_of(text, &e.path).map(|s| line_col(text, s)),
    }
    // A field absent from the whole file (no issues at all, say) is located at its start.
    .or(Some((1, 1)));
    Diagnostic {
        file: name.into(),
        location,
        field: Some(e.path.to_string()),
        message: e.message.clone(),
    }
}

/// 1-based (line, column) of a byte offset; the column counts characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Byte offset of the value at `path` in a TOML document (the nearest existing ancestor).
fn span_of(text: &str, path: &FieldPath) -> Option<usize> {
    let doc = DeTable::parse(text).ok()?;
    let mut best = None;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut value: Option<&DeValue<'_>> = None;
    for seg in &path.0 {
        match seg {
            PathSeg::Key(k) => {
                // A missing field (e.g. a source not written) is located at its entry.
                let Some(t) = table.or_else(|| value.and_then(|v| v.as_table())) else {
                    return best;
                };
                let Some((key, v)) = t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str()) else {
                    return best;
                };
                best = Some(if v.get_ref().is_table() || v.get_ref().is_array() {
                    key.span().start
                } else {
                    v.span().start
                });
                value = Some(v.get_ref());
                table = None;
            }
            PathSeg::Index(i) => {
                let Some(item) = value.and_then(|v| v.as_array()).and_then(|arr| arr.get(*i)) else {
                    return best;
                };
                best = Some(item.span().start);
                value = Some(item.get_ref());
            }
        }
    }
    best
}

/// Byte offset of the value at `path` in a JSON document (the nearest existing ancestor).
fn json_span_of(text: &str, path: &FieldPath) -> Option<usize> {
    let mut sc = JsonScan {
        b: text.as_bytes(),
        i: 0,
    };
    sc.ws();
    let mut best = None;
    for seg in &path.0 {
        let found = match seg {
            PathSeg::Key(k) => sc.enter_key(k),
            PathSeg::Index(n) => sc.enter_index(*n),
        };
        if !found {
            break;
        }
        best = Some(sc.i);
    }
    best
}

/// A minimal scanner over JSON text that can step into an object's key or an array's item.
/// The text has already been parsed by serde_json, so it is well formed.
struct JsonScan<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonScan<'_> {
    fn ws(&mut self) {
        while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    /// Skip a string starting at `"`; return its raw contents.
    fn string(&mut self) -> &[u8] {
        let start = self.i + 1;
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return self.b.get(start..self.i - 1).unwrap_or_default(),
                _ => {}
            }
        }
        &[]
    }
    /// Skip one value.
    fn value(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.string();
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                b',' if depth == 0 => return,
                _ => {}
            }
            self.i += 1;
        }
    }
    /// At an object: move to the value of `key`.
    fn enter_key(&mut self, key: &str) -> bool {
        if self.peek() != Some(b'{') {
            return false;
        }
        self.i += 1;
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return false;
            }
            let raw = self.string();
            let name = serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat()).unwrap_or_default();
            self.ws();
            self.i += 1; // ':'
            self.ws();
            if name == key {
                return true;
            }
            self.value();
            self.ws();
            if self.peek() != Some(b',') {
                return false;
            }
            self.i += 1;
        }
    }
    /// At an array: move to item `n`.
    fn enter_index(&mut self, n: usize) -> bool {
        if self.peek() != Some(b'[') {
            return false;
        }
        self.i += 1;
        for k in 0.. {
            self.ws();
            if self.peek() == Some(b']') {
                return false;
            }
            if k == n {
                return true;
            }
            self.value();
            self.ws();
            if self.peek() != Some(b',') {
                return false;
            }
            self.i += 1;
        }
        false
    }
}

/// The table whose header starts the line at `offset`: `scenario` for `[scenario]`,
/// `actor[2]` for the third `[[actor]]`. None at the top level or for nested headers.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?.trim();
    let name = |open: &str, close: &str| {
        line.strip_prefix(open)
            .and_then(|r| r.split_once(close))
            .map(|(n, _)| n.trim().to_string())
            .filter(|n| !n.is_empty() && !n.contains('.'))
    };
    if line.starts_with("[[") {
        let n = name("[[", "]]")?;
        let header = |l: &str| {
            l.trim()
                .strip_prefix("[[")
                .and_then(|r| r.split_once("]]"))
                .map(|(x, _)| x.trim() == n)
        };
        let before = text.get(..start)?.lines().filter(|l| header(l) == Some(true)).count();
        Some(format!("{n}[{before}]"))
    } else if line.starts_with('[') {
        name("[", "]")
    } else {
        None
    }
}

/// The field path at `offset`: the deepest entry containing it, or, for tables
/// written with `[header]` lines (whose spans cover only the header), the last
/// entry that starts before it.
fn path_at(text: &str, offset: usize) -> Option<FieldPath> {
    let (doc, _) = DeTable::parse_recoverable(text);
    let mut path = FieldPath::root();
    let mut current: &DeTable<'_> = doc.get_ref();
    loop {
        if let Some((k, _)) = current.iter().find(|(k, _)| k.span().contains(&offset)) {
            return Some(path.key(k.get_ref()));
        }
        let (k, v) = current
            .iter()
            .filter(|(k, v)| k.span().start <= offset || v.span().contains(&offset))
            .max_by_key(|(k, _)| k.span().start)?;
        path = path.key(k.get_ref());
        match v.get_ref() {
            DeValue::Table(t) => current = t,
            DeValue::Array(arr) => {
                let (i, item) = arr.iter().enumerate().rev().find(|(_, it)| it.span().start <= offset)?;
                path = path.index(i);
                match item.get_ref() {
                    DeValue::Table(t) => current = t,
                    _ => return Some(path),
                }
            }
            _ => return Some(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_scenario_loads() {
        let l = load_bundled().map_err(|e| e.to_string());
        assert!(l.is_ok(), "{l:?}");
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
