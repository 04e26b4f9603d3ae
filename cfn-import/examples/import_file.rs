//! `cargo run -p cfn-import --example import_file -- FILE`: prints the imported module.
fn main() {
    let path = std::env::args().nth(1).expect("a template file");
    let text = std::fs::read_to_string(&path).expect("readable");
    match cfn_import::import(&text, &cfn_import::Options { source: path, ..Default::default() }) {
        Ok(i) => {
            println!("{}", i.module);
            eprintln!("features: {:?}\nfindings: {:#?}", i.features, i.findings);
        }
        Err(e) => eprintln!("{e}"),
    }
}
