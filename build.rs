//! Rebuild when the embedded default theme or the `mag new site` scaffold changes
//! (include_dir cannot tell cargo).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=scaffold");
}
