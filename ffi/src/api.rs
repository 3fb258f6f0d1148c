//! One definition per C function: the `c_api!` table macro.
//!
//! A scheme (ML-KEM, ML-DSA; later X-Wing, the channel) writes its C API once, as a
//! table: its parameter sets, its opaque handle types, and one entry per function
//! (doc comment with placeholders, C signature, the generic Rust function it calls).
//! `c_api!` turns the table into
//!
//! * one module per parameter set (`kem::ml_kem_768`, ...) holding, for every entry,
//!   an exported `extern "C"` function named `pql_<set>_<entry>` whose body calls
//!   the generic function instantiated with the set's type, and a type alias per
//!   handle;
//! * (in test builds) a [`Table`] describing the same entries, from which the tests
//!   in this module generate the header (`include/pqlattice.h`, through cbindgen)
//!   and the C reference in `ffi/README.md`, and fail if either committed file
//!   differs (`PQL_BLESS=1 cargo test -p pqlattice-ffi up_to_date` rewrites both).
//!
//! Placeholders in an entry's doc comment, substituted per parameter set in the
//! header (the Rust items keep the template): `{set}` the display name
//! ("ML-KEM-768"), `{SET}` the module name in capitals ("ML_KEM_768", for the
//! `PQL_{SET}_*_BYTES` macros), `{pfx}` the C prefix ("pql_ml_kem_768", for names
//! of other functions and of the handle types).
//!
//! Adding a function: write the generic function in the scheme's module, add one
//! entry to its table, run the bless command above, and commit the header and
//! README. Adding a scheme: a module with its generic functions and one `c_api!`
//! table, a `mod` line in `lib.rs`, and the table's name in [`TABLES`].

/// Defines a scheme's C API from one table; see the module documentation.
///
/// ```text
/// c_api! {
///     /// Section title of the README reference (first line) and intro.
///     table KEM_TABLE;
///     sets { ml_kem_512 = MlKem512, "ML-KEM-512"; ... }
///     handles {
///         /// doc of the opaque C type `{pfx}_dk`
///         Dk = HandleType => "dk";     // type Dk = HandleType<Set> in each set module
///     }
///     fns {
///         /// doc (with placeholders)
///         fn keypair(ek: *mut u8, ek_len: usize, ...) -> c_int;
///         fn keypair_derand(...) -> c_int = keypair_from_seed; // another generic fn
///         fn dk_free(dk: *mut Dk);                               // returns nothing
///     }
/// }
/// ```
macro_rules! c_api {
    (
        $(#[doc = $tdoc:literal])*
        table $table:ident;
        sets { $( $set:ident = $p:ty, $set_name:literal; )* }
        handles $handles:tt
        fns $fns:tt
    ) => {
        $(
            #[doc = concat!("The `pql_", stringify!($set), "_*` functions (", $set_name, ").")]
            pub mod $set {
                #[allow(unused_imports)]
                use super::*;
                $crate::api::c_api!(@handles $p $handles);
                $crate::api::c_api!(@fns $set $p $fns);
            }
        )*

        /// The table, for the header and README generators.
        #[cfg(test)]
        #[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
        pub(crate) const $table: $crate::api::Table = $crate::api::Table {
            doc: &[$($tdoc),*],
            sets: &[$( $crate::api::SetDef { module: stringify!($set), name: $set_name } ),*],
            handles: $crate::api::c_api!(@handle_defs $handles),
            fns: $crate::api::c_api!(@fn_defs $fns),
        };
    };

    (@handles $p:ty { $( $(#[doc = $hdoc:literal])* $h:ident = $hty:ident => $cname:literal; )* }) => {
        $(
            $(#[doc = $hdoc])*
            pub type $h = $hty<$p>;
        )*
    };

    (@handle_defs { $( $(#[doc = $hdoc:literal])* $h:ident = $hty:ident => $cname:literal; )* }) => {
        &[$( $crate::api::HandleDef { alias: stringify!($h), c_suffix: $cname, doc: &[$($hdoc),*] } ),*]
    };

    (@fns $set:ident $p:ty {
        $( $(#[doc = $doc:literal])* fn $name:ident ( $($arg:ident : $aty:ty),* $(,)? ) $(-> $ret:ty)? $(= $imp:ident)? ; )*
    }) => {
        $( $crate::api::c_api!(@fn $set $p [$($doc)*] $name [$($arg : $aty),*] [$($ret)?] [$name $($imp)?]); )*
    };

    (@fn_defs {
        $( $(#[doc = $doc:literal])* fn $name:ident ( $($arg:ident : $aty:ty),* $(,)? ) $(-> $ret:ty)? $(= $imp:ident)? ; )*
    }) => {
        &[$(
            $crate::api::FnDef {
                name: stringify!($name),
                doc: &[$($doc),*],
                args: stringify!($($arg : $aty),*),
                ret: stringify!($($ret)?),
            }
        ),*]
    };

    // A function with a status code.
    (@fn $set:ident $p:ty [$($doc:literal)*] $name:ident [$($arg:ident : $aty:ty),*] [$ret:ty] $imp:tt) => {
        $(#[doc = $doc])*
        #[must_use]
        #[unsafe(export_name = concat!("pql_", stringify!($set), "_", stringify!($name)))]
        pub unsafe extern "C" fn $name($($arg: $aty),*) -> $ret {
            // SAFETY: the documented contract of this function is the generic
            // function's, which the caller upholds.
            unsafe { $crate::api::c_api!(@call $p $imp ($($arg),*)) }
        }
    };
    // A function without a result (the `*_free` functions).
    (@fn $set:ident $p:ty [$($doc:literal)*] $name:ident [$($arg:ident : $aty:ty),*] [] $imp:tt) => {
        $(#[doc = $doc])*
        #[unsafe(export_name = concat!("pql_", stringify!($set), "_", stringify!($name)))]
        pub unsafe extern "C" fn $name($($arg: $aty),*) {
            // SAFETY: as above.
            unsafe { $crate::api::c_api!(@call $p $imp ($($arg),*)) }
        }
    };

    (@call $p:ty [$name:ident] ($($a:ident),*)) => { super::$name::<$p>($($a),*) };
    (@call $p:ty [$name:ident $imp:ident] ($($a:ident),*)) => { super::$imp::<$p>($($a),*) };
}

pub(crate) use c_api;

/// Every table, in header order. The header and the README reference describe the
/// shipped library, which has every feature; their tests need all of them.
#[cfg(all(test, feature = "xwing", feature = "channel"))]
pub(crate) const TABLES: &[&Table] = &[
    &crate::kem::KEM_TABLE,
    &crate::dsa::DSA_TABLE,
    &crate::xwing::XWING_TABLE,
    &crate::channel::CHANNEL_TABLE,
];

/// A scheme's C API, as written in its `c_api!` table.
#[cfg(test)]
#[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
pub(crate) struct Table {
    /// The table's doc comment: a README section title, then its introduction.
    pub doc: &'static [&'static str],
    pub sets: &'static [SetDef],
    pub handles: &'static [HandleDef],
    pub fns: &'static [FnDef],
}

/// A parameter set: its module name (`ml_kem_768`) and display name.
#[cfg(test)]
#[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
pub(crate) struct SetDef {
    pub module: &'static str,
    pub name: &'static str,
}

/// An opaque handle type: `{pfx}_<c_suffix>` in C, `alias` in the table.
#[cfg(test)]
#[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
pub(crate) struct HandleDef {
    pub alias: &'static str,
    pub c_suffix: &'static str,
    pub doc: &'static [&'static str],
}

/// One function entry: its name after the set prefix, doc lines (templates), the
/// Rust argument list as written, and the return type ("" for none).
#[cfg(test)]
#[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
pub(crate) struct FnDef {
    pub name: &'static str,
    pub doc: &'static [&'static str],
    pub args: &'static str,
    pub ret: &'static str,
}

#[cfg(test)]
#[cfg_attr(not(all(feature = "xwing", feature = "channel")), allow(dead_code))]
impl SetDef {
    /// `s` with the placeholders replaced for this set.
    pub fn subst(&self, s: &str) -> String {
        s.replace("{set}", self.name)
            .replace("{SET}", &self.module.to_uppercase())
            .replace("{pfx}", &format!("pql_{}", self.module))
    }
}

#[cfg(all(test, feature = "xwing", feature = "channel"))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::fmt::Write as _;
    use std::path::Path;

    /// Replaces whole-word occurrences of `from` in `s`.
    fn replace_word(s: &str, from: &str, to: &str) -> String {
        let mut out = String::new();
        let mut word = String::new();
        for c in s.chars().chain(std::iter::once(' ')) {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
            } else {
                out.push_str(if word == from { to } else { &word });
                word.clear();
                out.push(c);
            }
        }
        out.pop();
        out
    }

    /// The exported functions and handle types of every table, written out as the
    /// plain Rust items they expand to (with substituted docs and C type names),
    /// for cbindgen, which cannot expand macros on stable Rust.
    fn expanded_source() -> String {
        let mut src = String::from("// Generated by ffi/src/api.rs for cbindgen.\n");
        for table in TABLES {
            for set in table.sets {
                let pfx = format!("pql_{}", set.module);
                for h in table.handles {
                    for line in h.doc {
                        writeln!(src, "///{}", set.subst(line)).unwrap();
                    }
                    writeln!(src, "pub struct {pfx}_{} {{ _private: u8 }}", h.c_suffix).unwrap();
                }
                for f in table.fns {
                    for line in f.doc {
                        writeln!(src, "///{}", set.subst(line)).unwrap();
                    }
                    let mut args = f.args.to_string();
                    for h in table.handles {
                        args = replace_word(&args, h.alias, &format!("{pfx}_{}", h.c_suffix));
                    }
                    let (must_use, ret) = if f.ret.is_empty() {
                        ("", String::new())
                    } else {
                        ("#[must_use]\n", format!(" -> {}", f.ret))
                    };
                    writeln!(
                        src,
                        "{must_use}#[unsafe(no_mangle)]\npub unsafe extern \"C\" fn {pfx}_{}({args}){ret} {{}}",
                        f.name
                    )
                    .unwrap();
                }
            }
        }
        src
    }

    /// The header, as cbindgen generates it from `lib.rs` (constants, library
    /// functions) and the expanded tables.
    pub(crate) fn fresh_header() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let expanded = std::env::temp_dir().join(format!(
            "pqlattice-ffi-expanded-{}-{:?}.rs",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&expanded, expanded_source()).unwrap();
        let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).unwrap();
        let bindings = cbindgen::Builder::new()
            .with_config(config)
            .with_src(dir.join("src/lib.rs"))
            .with_src(&expanded)
            .generate()
            .unwrap();
        let _ = std::fs::remove_file(&expanded);
        let mut fresh = Vec::new();
        bindings.write(&mut fresh);
        String::from_utf8(fresh).unwrap()
    }

    /// Compares `fresh` with the committed file (or rewrites it under PQL_BLESS=1).
    fn check_fresh(path: &Path, fresh: &str) {
        if std::env::var_os("PQL_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(path, fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if committed != fresh {
            let line = committed
                .lines()
                .zip(fresh.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(committed.lines().count().min(fresh.lines().count()));
            panic!(
                "{} is out of date (first difference at line {}): run \
                 `PQL_BLESS=1 cargo test -p pqlattice-ffi up_to_date` and commit it",
                path.display(),
                line + 1
            );
        }
    }

    /// The committed header must equal a fresh cbindgen run over this crate.
    #[test]
    fn header_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/pqlattice.h");
        check_fresh(&path, &fresh_header());
    }

    // ---------------------------------------------------------------------
    // The C reference in ffi/README.md
    // ---------------------------------------------------------------------

    const BEGIN: &str = "<!-- BEGIN C REFERENCE: generated from the tables in ffi/src (api.rs); \
                         PQL_BLESS=1 cargo test -p pqlattice-ffi up_to_date -->";
    const END: &str = "<!-- END C REFERENCE -->";

    /// A C function of the header: name, parameter names, return type and doc.
    struct CFn {
        ret: String,
        name: String,
        params: Vec<String>,
        doc: Vec<String>,
    }

    /// The functions declared in a cbindgen header (its format: a `/** ... */`
    /// block, an optional attribute line, then `ret name(params...);`).
    fn header_functions(header: &str) -> Vec<CFn> {
        let mut out = Vec::new();
        let mut doc: Vec<String> = Vec::new();
        let mut in_doc = false;
        let mut decl = String::new();
        for line in header.lines() {
            let t = line.trim();
            if t == "/**" {
                in_doc = true;
                doc.clear();
            } else if in_doc {
                if t == "*/" {
                    in_doc = false;
                } else {
                    doc.push(t.strip_prefix('*').unwrap_or(t).trim_start().to_string());
                }
            } else if !decl.is_empty() || (t.contains("pql_") && t.contains('(')) {
                decl.push_str(t);
                decl.push(' ');
                if t.ends_with(");") {
                    let open = decl.find('(').unwrap();
                    let head = decl[..open].trim();
                    let (ret, name) = head.rsplit_once([' ', '*']).unwrap();
                    let ret = format!(
                        "{}{}",
                        ret.trim(),
                        if head.contains('*') { " *" } else { " " }
                    );
                    let params = decl[open + 1..decl.rfind(')').unwrap()]
                        .split(',')
                        .map(|p| {
                            let p = p.trim();
                            p.rsplit([' ', '*']).next().unwrap().to_string()
                        })
                        .filter(|p| !p.is_empty() && p != "void")
                        .collect();
                    out.push(CFn {
                        ret: ret
                            .replace("PQL_WARN_UNUSED_RESULT", "")
                            .trim_start()
                            .to_string(),
                        name: name.to_string(),
                        params,
                        doc: std::mem::take(&mut doc),
                    });
                    decl.clear();
                }
            } else if t.starts_with("#define") {
                doc.clear();
            }
        }
        out
    }

    /// The `#define NAME VALUE` constants of a cbindgen header with the first
    /// paragraph of their doc comments (the include guard and attribute macros have
    /// no value or no doc and are skipped).
    fn header_constants(header: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        let mut doc: Vec<String> = Vec::new();
        let mut in_doc = false;
        for line in header.lines() {
            let t = line.trim();
            if t == "/**" {
                in_doc = true;
                doc.clear();
            } else if in_doc {
                if t == "*/" {
                    in_doc = false;
                } else {
                    doc.push(t.strip_prefix('*').unwrap_or(t).trim_start().to_string());
                }
            } else if let Some(def) = t.strip_prefix("#define ") {
                if let Some((name, value)) = def.split_once(' ')
                    && !doc.is_empty()
                {
                    out.push((name.to_string(), value.trim().to_string(), summary(&doc)));
                }
                doc.clear();
            } else if !t.is_empty() {
                doc.clear();
            }
        }
        out
    }

    /// The first paragraph of a doc comment, on one line, with `|` escaped.
    fn summary(doc: &[String]) -> String {
        doc.iter()
            .map(|l| l.trim())
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .replace('|', "\\|")
    }

    /// The status codes `#define PQL_OK` / `PQL_ERR_*` of a header, in order.
    fn status_codes(header: &str) -> Vec<(String, i32)> {
        header
            .lines()
            .filter_map(|l| l.strip_prefix("#define "))
            .filter_map(|l| l.split_once(' '))
            .filter(|(n, _)| *n == "PQL_OK" || n.starts_with("PQL_ERR_"))
            .map(|(n, v)| (n.to_string(), v.trim().parse().unwrap()))
            .collect()
    }

    /// The generated part of ffi/README.md.
    fn readme_reference(header: &str) -> String {
        let fns = header_functions(header);
        let mut r = String::new();
        let mut from_tables = std::collections::HashSet::new();
        let mut used = std::collections::HashSet::new();
        for table in TABLES {
            let title = table.doc.first().map(|s| s.trim()).unwrap_or("");
            writeln!(r, "### {title}\n").unwrap();
            let intro: Vec<&str> = table.doc.iter().skip(1).map(|s| s.trim()).collect();
            let intro = intro.join("\n");
            if !intro.trim().is_empty() {
                writeln!(r, "{}\n", intro.trim()).unwrap();
            }
            let sets: Vec<&str> = table.sets.iter().map(|s| s.module).collect();
            let generic = generic_prefix(&sets);
            if sets.len() > 1 {
                writeln!(
                    r,
                    "One function per parameter set: `{generic}` is {}.\n",
                    sets.iter()
                        .map(|s| format!("`pql_{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
                .unwrap();
            }
            // The size macros: per set (`PQL_{SET}_*`) and for the whole scheme.
            let consts = header_constants(header);
            let upper = generic.trim_end_matches("<n>").to_uppercase();
            let mut suffixes: Vec<String> = Vec::new();
            for (name, _, _) in &consts {
                for s in table.sets {
                    let p = format!("PQL_{}_", s.module.to_uppercase());
                    if let Some(suffix) = name.strip_prefix(&p) {
                        if !suffixes.iter().any(|x| x == suffix) {
                            suffixes.push(suffix.to_string());
                        }
                        used.insert(name.clone());
                    }
                }
            }
            let names: Vec<&str> = table.sets.iter().map(|s| s.name).collect();
            if table.sets.len() == 1 {
                // One set: its constants with their descriptions.
                writeln!(r, "| constant | value | is |\n|---|---|---|").unwrap();
                for (n, v, d) in &consts {
                    if n.starts_with(&format!("{upper}_")) {
                        used.insert(n.clone());
                        writeln!(r, "| `{n}` | {v} | {d} |").unwrap();
                    }
                }
            } else {
                writeln!(r, "| constant | {} |", names.join(" | ")).unwrap();
                writeln!(r, "|---|{}", "---|".repeat(names.len())).unwrap();
            }
            for suffix in suffixes.iter().filter(|_| table.sets.len() > 1) {
                let values: Vec<String> = table
                    .sets
                    .iter()
                    .map(|s| {
                        let n = format!("PQL_{}_{suffix}", s.module.to_uppercase());
                        consts
                            .iter()
                            .find(|(c, _, _)| *c == n)
                            .map_or("-".to_string(), |(_, v, _)| v.clone())
                    })
                    .collect();
                writeln!(r, "| `{upper}<n>_{suffix}` | {} |", values.join(" | ")).unwrap();
            }
            r.push('\n');
            let shared: Vec<_> = consts
                .iter()
                .filter(|(n, _, _)| n.starts_with(&upper) && !used.contains(n))
                .collect();
            if !shared.is_empty() {
                writeln!(r, "| constant (all sets) | value | is |\n|---|---|---|").unwrap();
                for (n, v, d) in shared {
                    used.insert(n.clone());
                    writeln!(r, "| `{n}` | {v} | {d} |").unwrap();
                }
                r.push('\n');
            }
            if !table.handles.is_empty() {
                writeln!(r, "| opaque type | is |\n|---|---|").unwrap();
                for h in table.handles {
                    let doc: Vec<String> = h.doc.iter().map(|l| l.to_string()).collect();
                    writeln!(
                        r,
                        "| `{generic}_{}` | {} |",
                        h.c_suffix,
                        generic_doc(&summary(&doc), table)
                    )
                    .unwrap();
                }
                r.push('\n');
            }
            writeln!(r, "| function | does |\n|---|---|").unwrap();
            for f in table.fns {
                // The header's declaration of the first set's instance gives the C
                // parameter names (and proves the function is in the header).
                let first = format!("pql_{}_{}", table.sets[0].module, f.name);
                let c = fns
                    .iter()
                    .find(|c| c.name == first)
                    .unwrap_or_else(|| panic!("{first} is not in the header"));
                for s in table.sets {
                    from_tables.insert(format!("pql_{}_{}", s.module, f.name));
                }
                writeln!(
                    r,
                    "| `{}{generic}_{}({})` | {} |",
                    c.ret,
                    f.name,
                    c.params.join(", "),
                    generic_doc(&summary(&c.doc), table)
                )
                .unwrap();
            }
            r.push('\n');
        }
        writeln!(r, "### Library\n\n| function | does |\n|---|---|").unwrap();
        for c in fns.iter().filter(|c| !from_tables.contains(&c.name)) {
            writeln!(
                r,
                "| `{}{}({})` | {} |",
                c.ret,
                c.name,
                if c.params.is_empty() {
                    "void".to_string()
                } else {
                    c.params.join(", ")
                },
                summary(&c.doc)
            )
            .unwrap();
        }
        writeln!(r, "\n| constant | value | is |\n|---|---|---|").unwrap();
        for (n, v, d) in header_constants(header) {
            if !used.contains(&n) && n != "PQL_OK" && !n.starts_with("PQL_ERR_") {
                writeln!(r, "| `{n}` | {v} | {d} |").unwrap();
            }
        }
        writeln!(
            r,
            "\n### Status codes\n\nEvery function that returns an `int` returns `PQL_OK` (0) or one \
             of these negative codes (`pql_error_string` gives the text below). All of them are \
             declared `PQL_WARN_UNUSED_RESULT` (`warn_unused_result` on GCC and Clang), so ignoring \
             a status is a compiler warning.\n\n| code | value | `pql_error_string` |\n|---|---|---|"
        )
        .unwrap();
        for (name, value) in status_codes(header) {
            let s = crate::error_cstr(value).to_str().unwrap();
            writeln!(r, "| `{name}` | {value} | {s} |").unwrap();
        }
        r
    }

    /// `pql_ml_kem_<n>` for the sets `ml_kem_512`, `ml_kem_768`, ... (their common
    /// prefix, then `<n>`); `pql_<set>` for a single set.
    fn generic_prefix(sets: &[&str]) -> String {
        if sets.len() == 1 {
            return format!("pql_{}", sets[0]);
        }
        let first = sets[0];
        let common = (0..=first.len())
            .rev()
            .find(|&n| sets.iter().all(|s| s.get(..n) == first.get(..n)))
            .unwrap_or(0);
        format!("pql_{}<n>", &first[..common])
    }

    /// A summary written for the first set, made generic: the first set's names
    /// become the `<n>` forms.
    fn generic_doc(s: &str, table: &Table) -> String {
        if table.sets.len() == 1 {
            return s.to_string();
        }
        let first = &table.sets[0];
        let sets: Vec<&str> = table.sets.iter().map(|s| s.module).collect();
        let generic = generic_prefix(&sets);
        let name_generic = {
            // "ML-KEM-512" -> "ML-KEM-<n>"
            let n = first.name.rfind('-').map_or(first.name.len(), |i| i + 1);
            format!("{}<n>", &first.name[..n])
        };
        let upper = format!("{}<n>", generic.trim_end_matches("<n>").to_uppercase());
        s.replace(&format!("pql_{}", first.module), &generic)
            .replace(&format!("PQL_{}", first.module.to_uppercase()), &upper)
            .replace(first.name, &name_generic)
    }

    /// The README's generated section must equal a fresh generation from the tables
    /// and the (fresh) header.
    #[test]
    fn readme_reference_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let (Some(b), Some(e)) = (readme.find(BEGIN), readme.find(END)) else {
            panic!("{} has no {BEGIN} ... {END} section", path.display());
        };
        let fresh = format!(
            "{}{BEGIN}\n\n{}\n{}",
            &readme[..b],
            readme_reference(&fresh_header()),
            &readme[e..]
        );
        check_fresh(&path, &fresh);
    }

    #[test]
    fn every_header_function_is_in_the_readme_and_codes_are_complete() {
        let header = fresh_header();
        let reference = readme_reference(&header);
        let fns = header_functions(&header);
        assert!(fns.len() > 50, "parsed only {} functions", fns.len());
        for c in &fns {
            // Per-set functions appear in their generic form.
            let generic = TABLES
                .iter()
                .find_map(|t| {
                    t.sets.iter().find_map(|s| {
                        c.name
                            .strip_prefix(&format!("pql_{}_", s.module))
                            .map(|rest| {
                                let sets: Vec<&str> = t.sets.iter().map(|s| s.module).collect();
                                format!("{}_{rest}(", generic_prefix(&sets))
                            })
                    })
                })
                .unwrap_or(format!("{}(", c.name));
            assert!(
                reference.contains(&generic),
                "{} missing from the README",
                c.name
            );
        }
        // Every status code from PQL_OK down to the last one is listed.
        let codes = status_codes(&header);
        let values: Vec<i32> = codes.iter().map(|(_, v)| *v).collect();
        let expected: Vec<i32> = (crate::PQL_ERR_WRONG_ALGORITHM..=crate::PQL_OK)
            .rev()
            .collect();
        assert_eq!(values, expected);
    }

    #[test]
    fn expansion_matches_the_exported_functions() {
        // Each table entry's expanded name is a real export of this crate (the
        // shared library's export list is checked against the header by run.sh).
        let src = expanded_source();
        for table in TABLES {
            for s in table.sets {
                for f in table.fns {
                    assert!(src.contains(&format!("fn pql_{}_{}(", s.module, f.name)));
                }
            }
        }
        assert_eq!(
            replace_word("a: *mut Dk, dk: Dkx", "Dk", "T"),
            "a: *mut T, dk: Dkx"
        );
        let set = SetDef {
            module: "ml_kem_768",
            name: "ML-KEM-768",
        };
        assert_eq!(
            set.subst("{set} PQL_{SET}_X {pfx}_dk"),
            "ML-KEM-768 PQL_ML_KEM_768_X pql_ml_kem_768_dk"
        );
        assert_eq!(
            generic_prefix(&["ml_dsa_44", "ml_dsa_65"]),
            "pql_ml_dsa_<n>"
        );
        assert_eq!(generic_prefix(&["x_wing"]), "pql_x_wing");
    }
}
