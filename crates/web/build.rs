//! Builds the crate again when a language's messages change, a new file among them too: the
//! messages are compiled in (`platform::ui::i18n`), and the compiler by itself notices only
//! changes to the files it read before.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
