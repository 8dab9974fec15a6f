//! The floor kyclink's speed is measured against: the csv crate merely tokenising the given
//! files (every record, every field), one thread. Used by `benches/e2e.sh`.
//!
//! Run: `cargo run --release --manifest-path benches/csv-floor/Cargo.toml -- extract.csv candidates.csv`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let (mut records, mut fields) = (0u64, 0u64);
    for path in std::env::args().skip(1) {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record)? {
            records += 1;
            fields += record.len() as u64;
        }
    }
    println!("{records} records, {fields} fields in {:.3} s", started.elapsed().as_secs_f64());
    Ok(())
}
