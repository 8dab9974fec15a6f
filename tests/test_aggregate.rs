//! `kyclink match`'s aggregates: identityMatchScore (SPEC.md section 4), and the
//! Fellegi-Sunter matchWeight / matchProbability, trained per batch or reused with --model.

use crate::rows::{answered, job, row, workdir};
use crate::workdir::{Table, Workdir};

const FIRST: [&str; 10] = ["Ana", "Luis", "Marta", "Pablo", "Lucia", "Jorge", "Elena", "Diego", "Sara", "Hugo"];
const FAMILY: [&str; 10] =
    ["Garcia", "Lopez", "Martin", "Sanchez", "Romero", "Navarro", "Torres", "Dominguez", "Vazquez", "Ramos"];

/// 40 subscribers, and 40 requests on their lines: the owner (exact or with one typo) for
/// the even ones, a stranger (another subscriber's identity) for the odd ones.
fn linkage_workdir() -> Workdir {
    let mut extract = String::from("phoneNumber,givenName,familyName,birthdate,email\n");
    let mut candidates = String::from("requestId,phoneNumber,givenName,familyName,birthdate,email\n");
    let person = |i: usize| {
        let (given, family) = (FIRST[i % 10], FAMILY[(i * 7 + i / 10) % 10]);
        let birthdate = format!("19{:02}-{:02}-{:02}", 50 + i, 1 + i % 12, 1 + i % 28);
        (given, family, birthdate, format!("{}.{}{i}@example.com", given.to_lowercase(), family.to_lowercase()))
    };
    for i in 0..40 {
        let (given, family, birthdate, email) = person(i);
        extract += &format!("+3460000{i:04},{given},{family},{birthdate},{email}\n");
        let request = if i % 2 == 0 {
            let given = if i % 4 == 0 { given.to_string() } else { format!("{given}a") };
            format!("owner{i},+3460000{i:04},{given},{family},{birthdate},{email}\n")
        } else {
            let (given, family, birthdate, email) = person((i + 13) % 40);
            format!("stranger{i},+3460000{i:04},{given},{family},{birthdate},{email}\n")
        };
        candidates += &request;
    }
    workdir(&candidates, &extract)
}

fn weight(table: &Table, id: &str) -> f64 {
    table.cell(row(table, id), "matchWeight").parse().expect("a number")
}

#[test]
fn match_weight_separates_owners_from_strangers() {
    let (table, _) = answered(&linkage_workdir(), "match", &[]);
    let owners: Vec<f64> = (0..40).step_by(2).map(|i| weight(&table, &format!("owner{i}"))).collect();
    let strangers: Vec<f64> = (1..40).step_by(2).map(|i| weight(&table, &format!("stranger{i}"))).collect();
    let lowest_owner = owners.iter().copied().fold(f64::INFINITY, f64::min);
    let highest_stranger = strangers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(lowest_owner > highest_stranger, "owners {owners:?}\nstrangers {strangers:?}");
    for i in 0..40 {
        let id = if i % 2 == 0 { format!("owner{i}") } else { format!("stranger{i}") };
        let probability: f64 = table.cell(row(&table, &id), "matchProbability").parse().unwrap();
        let expected = 1.0 / (1.0 + (-weight(&table, &id)).exp2());
        assert!((probability - expected).abs() < 1e-5, "{id}: {probability} vs {expected}");
        assert_eq!(probability > 0.5, i % 2 == 0, "{id}: {probability}");
    }
}

#[test]
fn identity_match_score_follows_the_kpn_rule_on_200_rows_only() {
    let wd = workdir(
        "requestId,phoneNumber,givenName,familyName,email,birthdate\n\
         names,+34600000001,Carla,Garcia,,\n\
         names-and-email,+34600000001,Carla,Garcia,ana@x.es,\n\
         email-only,+34600000001,,,ana@x.es,\n\
         other-birthdate,+34600000001,Clara,Garcia,,1990-01-02\n\
         unknown,+34600000009,Clara,,,\n",
        "phoneNumber,givenName,familyName,email,birthdate\n+34600000001,Clara,Garcia,ana@x.es,1990-01-01\n",
    );
    let (table, _) = answered(&wd, "match", &[]);
    let score = |id: &str| table.cell(row(&table, id), "identityMatchScore").to_string();
    assert_eq!(score("names"), "88", "0.88 x 1.00");
    assert_eq!(score("names-and-email"), "94", "mean(88, 100)");
    assert_eq!(score("email-only"), "100");
    assert_eq!(score("other-birthdate"), "", "a birthdate mismatch gives no score");
    assert_eq!(score("unknown"), "", "error rows have no aggregate");
    assert_eq!(table.cell(row(&table, "unknown"), "matchWeight"), "");
}

#[test]
fn a_saved_model_is_reused_so_batches_share_one_scale() {
    let wd = linkage_workdir();
    let (first, _) = answered(&wd, "match", &["--model", "model.json"]);
    let model: serde_json::Value = serde_json::from_str(&wd.read("model.json")).expect("the model is JSON");
    for class in ["owner", "household", "stranger"] {
        assert!(model["prior"][class].as_f64().is_some_and(|p| p > 0.0 && p < 1.0), "{model}");
    }
    assert_eq!(model["trainingRows"], 40);
    assert_eq!(model["comparisons"].as_array().map(Vec::len), Some(13), "one comparison per concept");
    assert_eq!(model["comparisons"][0]["comparison"], "name");
    assert_eq!(model["comparisons"][0]["rows"], 40);

    // A second, different batch scored with the saved model: the owners it shares with the
    // first batch get the same weights, which a model retrained on it would not give.
    let saved = wd.read("model.json");
    wd.write("candidates.csv", &wd.read("candidates.csv").lines().take(11).collect::<Vec<_>>().join("\n"));
    let (second, _) = answered(&wd, "match", &["--model", "model.json"]);
    assert_eq!(wd.read("model.json"), saved, "a reused model is not rewritten");
    for i in [0, 2, 4] {
        assert_eq!(weight(&first, &format!("owner{i}")), weight(&second, &format!("owner{i}")));
    }
    wd.write("bad.json", "{\"prior\": 0.5}");
    let stderr = wd.fails(&mut job(&wd, "match", &["--model", "bad.json"]), 2);
    assert!(stderr.contains("bad.json: invalid model"), "{stderr}");
}

#[test]
fn explain_writes_each_comparisons_level_and_weight() {
    let (table, _) = answered(&linkage_workdir(), "match", &["--explain"]);
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let at = |name: &str| headers.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name}"));
    assert!(at("matchProbability") < at("weightsAgainst"), "explanations follow the aggregates");
    assert!(at("weightsAgainst") < at("nameLevel") && at("nameLevel") < at("idDocumentLevel"));
    assert_eq!(at("nameWeight"), at("nameLevel") + 1);
    assert!(!headers.contains(&"givenNameLevel"), "given and family names are one comparison");
    let owner = row(&table, "owner2");
    assert_eq!(table.cell(owner, "nameLevel"), "given close, family exact", "Luis vs Luisa");
    assert_eq!(table.cell(owner, "idDocumentLevel"), "", "not requested: the null level");
    assert_eq!(table.cell(owner, "idDocumentWeight"), "");
    let stranger = row(&table, "stranger3");
    assert_eq!(table.cell(stranger, "nameLevel"), "given differs, family differs", "Elena Sanchez vs Pablo Lopez");
    assert!(["household", "stranger"].contains(&table.cell(stranger, "weightsAgainst")));
    let name_weight: f64 = table.cell(stranger, "nameWeight").parse().unwrap();
    assert!(name_weight < 0.0, "a different name is evidence against: {name_weight}");
}

#[test]
fn ndjson_keeps_the_aggregates_beside_the_camara_body() {
    let wd = linkage_workdir();
    let output = wd.stdout(&mut job(&wd, "match", &["--format", "ndjson"]));
    let first: serde_json::Value = serde_json::from_str(output.lines().next().unwrap()).unwrap();
    assert_eq!(first["requestId"], "owner0");
    assert_eq!(first["body"]["givenNameMatch"], "true");
    assert!(first["body"].get("matchWeight").is_none(), "{first}");
    assert!(first["matchWeight"].as_f64().is_some(), "{first}");
    assert_eq!(first["identityMatchScore"], 100);
}

/// A generated batch, so that EM has a population of owners, households and strangers to
/// learn from, with `rows` (`column=value` pairs) appended to the extract and to the
/// candidates; other cells empty.
fn generated_with(extract_rows: &[&[(&str, &str)]], candidate_rows: &[&[(&str, &str)]]) -> Workdir {
    let wd = Workdir::new();
    wd.stdout(wd.command("generate").args([
        "--subscribers",
        "3000",
        "--candidates",
        "3000",
        "--seed",
        "5",
        "--out",
        ".",
    ]));
    for (file, rows) in [("extract.csv", extract_rows), ("candidates.csv", candidate_rows)] {
        let mut text = wd.read(file);
        let header: Vec<String> = text.lines().next().unwrap().split(',').map(String::from).collect();
        for row in rows {
            let cells: Vec<String> = header
                .iter()
                .map(|column| row.iter().find(|(name, _)| name == column).map_or("", |(_, value)| *value))
                .map(|value| if value.contains(',') { format!("\"{value}\"") } else { value.to_string() })
                .collect();
            text += &(cells.join(",") + "\n");
        }
        wd.write(file, &text);
    }
    wd
}

#[test]
fn a_relative_with_the_home_in_parts_scores_below_the_owner_with_a_typo() {
    const HOME: [(&str, &str); 7] = [
        ("streetName", "Calle de Cervantes"),
        ("streetNumber", "14"),
        ("houseNumberExtension", "3B"),
        ("postalCode", "28014"),
        ("locality", "Madrid"),
        ("region", "Comunidad de Madrid"),
        ("country", "ES"),
    ];
    let subscriber: Vec<(&str, &str)> = [
        ("phoneNumber", "+4520000001"),
        ("givenName", "Marta"),
        ("familyName", "Iturriaga Zubeldia"),
        ("birthdate", "1971-05-09"),
        ("email", "marta.iturriaga@example.es"),
        ("idDocument", "12345678Z"),
        ("idDocumentType", "national_id_card"),
        ("serviceApplicable", "true"),
    ]
    .into_iter()
    .chain(HOME)
    .collect();
    let owner_with_a_typo: Vec<(&str, &str)> = [
        ("requestId", "owner"),
        ("phoneNumber", "+4520000001"),
        ("givenName", "Martha"),
        ("familyName", "Iturriaga Zubeldia"),
        ("birthdate", "1971-05-09"),
    ]
    .into_iter()
    .chain(HOME[..5].iter().copied())
    .collect();
    // Her son, with the household's full address, in parts and whole: seven fields of one
    // fact, which a model comparing columns counts seven times.
    let son: Vec<(&str, &str)> = [
        ("requestId", "son"),
        ("phoneNumber", "+4520000001"),
        ("givenName", "Iker"),
        ("familyName", "Iturriaga Zubeldia"),
        ("birthdate", "1998-11-23"),
        ("email", "iker.iturriaga@example.es"),
        ("address", "Calle de Cervantes 14, 3B, 28014 Madrid"),
        ("nationality", "ES"),
    ]
    .into_iter()
    .chain(HOME)
    .collect();
    let wd = generated_with(&[&subscriber], &[&owner_with_a_typo, &son]);
    let (table, _) = answered(&wd, "match", &["--explain"]);
    let (owner, son) = (weight(&table, "owner"), weight(&table, "son"));
    assert!(owner > son, "owner {owner} vs son {son}");
    let probability = |id: &str| table.cell(row(&table, id), "matchProbability").parse::<f64>().unwrap();
    assert!(probability("owner") > 0.9 && probability("son") < 0.1, "{} {}", probability("owner"), probability("son"));
    let son = row(&table, "son");
    assert_eq!(table.cell(son, "addressLevel"), "all of 3+ parts agree", "the home is one comparison");
    assert_eq!(table.cell(son, "nameLevel"), "given differs, family exact");
    assert_eq!(table.cell(son, "weightsAgainst"), "household");
}

#[test]
fn the_summary_reports_the_linkage_model_and_flags_a_degenerate_one() {
    let wd = generated_with(&[], &[]);
    wd.stdout(&mut job(&wd, "match", &["--summary", "summary.json", "--out", "results.csv"]));
    let summary: serde_json::Value = serde_json::from_str(&wd.read("summary.json")).unwrap();
    let linkage = &summary["linkage"];
    assert_eq!(linkage["trained"], true, "{linkage}");
    assert!(linkage["iterations"].as_u64().is_some_and(|i| i > 1), "{linkage}");
    assert!(linkage["logLikelihood"].as_f64().is_some_and(|l| l < 0.0), "{linkage}");
    let shares: f64 = ["owner", "household", "stranger"].iter().map(|c| linkage["prior"][c].as_f64().unwrap()).sum();
    assert!((shares - 1.0).abs() < 1e-6, "{linkage}");
    assert!(summary["warnings"].as_array().unwrap().iter().all(|w| !w.as_str().unwrap().contains("linkage")));

    // 1,200 requests, every one the same owner's exact values: nothing tells owners from
    // others, and the model says so.
    let mut candidates = String::from("requestId,phoneNumber,givenName,familyName,birthdate\n");
    for i in 0..1200 {
        candidates += &format!("r{i},+34600000001,Clara,Garcia,1990-01-01\n");
    }
    let same =
        workdir(&candidates, "phoneNumber,givenName,familyName,birthdate\n+34600000001,Clara,Garcia,1990-01-01\n");
    let (_, stderr) = answered(&same, "match", &[]);
    assert!(stderr.contains("the linkage model put 100.0% of the requests in its owner class"), "{stderr}");
    assert!(stderr.contains("linkage model: trained on 1200 rows"), "{stderr}");
}
