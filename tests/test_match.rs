//! `kyclink match`, driven the way users drive it: CSV files in a directory, the binary, what
//! it writes and how it exits. The semantics are SPEC.md sections 1-3, 7 and 9; the command
//! line and the output columns are DESIGN.md's "The command line".
//!
//! Most tests share [`EXTRACT`]; each writes its own candidates and reads the result with
//! [`Table::filled`], the non-empty cells of a row, so that every other cell is checked empty.

use crate::eqnice;
use crate::workdir::{Table, Workdir, stderr};
use std::process::Command;

/// The subscriber extract most tests use. Line 2 is a full record; line 3 is out of scope
/// (serviceApplicable=false); lines 4-5 repeat one phone number; line 6 has a phone number
/// that is not E.164; line 7 has punctuation in its names; line 8 has no givenName.
const EXTRACT: &str = "\
phoneNumber,idDocument,idDocumentType,bankAccountNumber,givenName,familyName,streetName,streetNumber,postalCode,locality,country,birthdate,email,gender,serviceApplicable
+34600000001,X-123.456,passport,IBAN:NL59 ABNA 0123 4567 89,Clara,García,Calle Mayor,5,28013,Madrid,ES,1990-02-03,ana@x.com,FEMALE,
+34600000002,,,,Ana,,,,,,,,,,false
+34600000003,,,,Ana,,,,,,,,,,
+34600000003,,,,Ana,,,,,,,,,,
0034600000004,,,,Ana,,,,,,,,,,
+34600000005,,,,Jean-Luc,O'Neill,,,,,,,,,
+34600000006,,,,,Ruiz,,,,,,,,,
";

/// Every output column of `kyclink match`, in DESIGN.md's order.
const OUTPUT_COLUMNS: [&str; 46] = [
    "requestId",
    "status",
    "code",
    "message",
    "idDocumentMatch",
    "idDocumentTypeMatch",
    "idDocumentExpiryDateMatch",
    "bankAccountNumberMatch",
    "nameMatch",
    "nameMatchScore",
    "givenNameMatch",
    "givenNameMatchScore",
    "familyNameMatch",
    "familyNameMatchScore",
    "nameKanaHankakuMatch",
    "nameKanaHankakuMatchScore",
    "nameKanaZenkakuMatch",
    "nameKanaZenkakuMatchScore",
    "middleNamesMatch",
    "middleNamesMatchScore",
    "familyNameAtBirthMatch",
    "familyNameAtBirthMatchScore",
    "addressMatch",
    "addressMatchScore",
    "streetNameMatch",
    "streetNameMatchScore",
    "streetNumberMatch",
    "streetNumberMatchScore",
    "postalCodeMatch",
    "regionMatch",
    "regionMatchScore",
    "localityMatch",
    "localityMatchScore",
    "countryMatch",
    "houseNumberExtensionMatch",
    "birthdateMatch",
    "emailMatch",
    "emailMatchScore",
    "genderMatch",
    "cityOfBirthMatch",
    "cityOfBirthMatchScore",
    "countryOfBirthMatch",
    "nationalityMatch",
    "identityMatchScore",
    "matchWeight",
    "matchProbability",
];

/// A directory holding `candidates.csv` and `extract.csv`.
fn workdir(candidates: &str, extract: &str) -> Workdir {
    let wd = Workdir::new();
    wd.write("candidates.csv", candidates);
    wd.write("extract.csv", extract);
    wd
}

/// `kyclink match --candidates candidates.csv --extract extract.csv ARGS...`
fn kyc_match(wd: &Workdir, args: &[&str]) -> Command {
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv", "--extract", "extract.csv"]).args(args);
    cmd
}

/// Runs `kyc_match`, asserts exit code 0 (whatever the rows said), and returns the results
/// and the standard error.
#[track_caller]
fn answered(wd: &Workdir, args: &[&str]) -> (Table, String) {
    let output = wd.run(&mut kyc_match(wd, args));
    assert_eq!(output.status.code(), Some(0), "kyclink match failed:\n{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout.clone()).expect("the results are UTF-8");
    (Table::parse(&stdout), stderr(&output))
}

/// `(requestId, status, code)` of every row.
fn outcomes(table: &Table) -> Vec<(&str, &str, &str)> {
    (0..table.rows.len())
        .map(|i| (table.cell(i, "requestId"), table.cell(i, "status"), table.cell(i, "code")))
        .collect()
}

/// The row with this requestId.
#[track_caller]
fn row(table: &Table, request_id: &str) -> usize {
    let ids = table.column("requestId");
    ids.iter().position(|id| *id == request_id).unwrap_or_else(|| panic!("no row {request_id} in {ids:?}"))
}

/// Asserts that the row `request_id` is an error row: its message starts with the name of
/// `field` and no attribute cell is filled.
#[track_caller]
fn assert_error_row(table: &Table, request_id: &str, field: &str) {
    let i = row(table, request_id);
    let filled: Vec<&str> = table.answers(i).into_iter().map(|(column, _)| column).collect();
    eqnice!(vec!["requestId", "status", "code", "message"], filled, "row {request_id}: an error row has no results");
    let message = table.cell(i, "message");
    let named = message.split([':', ' ']).next();
    assert_eq!(named, Some(field), "row {request_id}: the message {message:?} names the field");
}

/// `round(100 x Jaro-Winkler)` by the oracle (strsim), before the cap at 99.
fn jaro_winkler_percent(a: &str, b: &str) -> u32 {
    (strsim::jaro_winkler(a, b) * 100.0).round() as u32
}

// ---- Status codes (SPEC.md section 3) ----

#[test]
fn every_row_gets_its_status_and_code() {
    let wd = workdir(
        "\
requestId,phoneNumber,givenName
ok,+34600000001,Clara
unknown,+34699999999,Clara
phone-only,+34600000001,
no-phone,,Clara
empty,,
out-of-scope,+34600000002,Ana
duplicated,+34600000003,Ana
invalid-in-extract,0034600000004,Ana
",
        EXTRACT,
    );
    let (table, _) = answered(&wd, &[]);
    eqnice!(
        vec![
            ("ok", "200", ""),
            ("unknown", "404", "IDENTIFIER_NOT_FOUND"),
            ("phone-only", "400", "KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("empty", "400", "INVALID_ARGUMENT"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
            ("duplicated", "422", "SERVICE_NOT_APPLICABLE"),
            ("invalid-in-extract", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!(vec![("requestId", "ok"), ("status", "200"), ("givenNameMatch", "true")], table.answers(0));
    for id in ["unknown", "phone-only", "no-phone", "invalid-in-extract"] {
        assert_error_row(&table, id, "phoneNumber");
    }
    for id in ["empty", "out-of-scope", "duplicated"] {
        let filled = table.answers(row(&table, id)).len();
        assert_eq!(filled, 4, "row {id}: requestId, status, code and a message, and no result");
    }
}

#[test]
fn invalid_values_are_400_naming_the_field_never_the_value() {
    let long_address = "Calle Larga 1 ".repeat(800);
    let candidates = format!(
        "\
requestId,phoneNumber,givenName,idDocumentType,bankAccountNumber,address,country,birthdate,email,gender
phone,0034699887766,Clara,,,,,,,
date,+34600000001,Clara,,,,,1990-2-3,,
country,+34600000001,Clara,,,,ESP,,,
gender,+34600000001,Clara,,,,,,,F
doctype,+34600000001,Clara,Passport,,,,,,
bank,+34600000001,Clara,,NL59ABNA0123456789,,,,,
email,+34600000001,Clara,,,,,,ana.perez.example.com,
long,+34600000001,Clara,,,{long_address},,,,
control,+34600000001,Ana\u{7}Maria,,,,,,,
at-max,+34600000001,{at_max},,,,,,,
over-max,+34600000001,{over_max},,,,,,,
valid,+34600000001,Clara,passport,IBAN:NL59ABNA0123456789,,es,1990-02-03,ana@x.com,female
",
        at_max = "é".repeat(100),
        over_max = "é".repeat(101),
    );
    let wd = workdir(&candidates, EXTRACT);
    let output = wd.run(&mut kyc_match(&wd, &[]));
    assert_eq!(output.status.code(), Some(0), "row errors are data, not a failed run");
    let (stdout, stderr) = (String::from_utf8(output.stdout.clone()).unwrap(), stderr(&output));
    let table = Table::parse(&stdout);

    let invalid = [
        ("phone", "phoneNumber"),
        ("date", "birthdate"),
        ("country", "country"),
        ("gender", "gender"),
        ("doctype", "idDocumentType"),
        ("bank", "bankAccountNumber"),
        ("email", "email"),
        ("long", "address"),
        ("control", "givenName"),
        ("over-max", "givenName"),
    ];
    for (id, field) in invalid {
        let i = row(&table, id);
        eqnice!((id, "400", "INVALID_ARGUMENT"), outcomes(&table)[i]);
        assert_error_row(&table, id, field);
    }
    eqnice!("address: longer than maxLength 256", table.cell(row(&table, "long"), "message"));
    eqnice!("givenName: longer than maxLength 100", table.cell(row(&table, "over-max"), "message"));
    eqnice!("givenName: contains control characters", table.cell(row(&table, "control"), "message"));

    // maxLength counts characters: 100 two-byte characters are within givenName's 100.
    eqnice!(("at-max", "200", ""), outcomes(&table)[row(&table, "at-max")]);
    eqnice!("false", table.cell(row(&table, "at-max"), "givenNameMatch"));
    let valid = row(&table, "valid");
    eqnice!(
        vec![
            ("requestId", "valid"),
            ("status", "200"),
            ("idDocumentTypeMatch", "true"),
            ("bankAccountNumberMatch", "true"),
            ("givenNameMatch", "true"),
            ("countryMatch", "true"),
            ("birthdateMatch", "true"),
            ("emailMatch", "true"),
            ("genderMatch", "true"),
        ],
        table.answers(valid)
    );

    // No message, on stdout or stderr, echoes what was sent.
    for value in [
        "34699887766",
        "1990-2-3",
        "ESP",
        "Passport",
        "NL59ABNA0123456789",
        "ana.perez.example.com",
        "Calle Larga",
        "Ana\u{7}",
        "éé",
    ] {
        assert!(!stdout.contains(value), "stdout echoes the input value {value:?}");
        assert!(!stderr.contains(value), "stderr echoes the input value {value:?}");
    }
}

#[test]
fn out_of_scope_subscriptions_are_422_service_not_applicable() {
    let extract = "\
phoneNumber,givenName,serviceApplicable
+34600000001,Ana,true
+34600000002,Ana,false
+34600000003,Ana,no
+34600000004,Ana,
+34600000005,Ana,
+34600000005,Ana,
+34600000005,Ana,
";
    let candidates = "\
requestId,phoneNumber,givenName
in-scope,+34600000001,Ana
false,+34600000002,Ana
no,+34600000003,Ana
blank,+34600000004,Ana
three-rows,+34600000005,Ana
";
    let (table, stderr) = answered(&workdir(candidates, extract), &[]);
    eqnice!(
        vec![
            ("in-scope", "200", ""),
            ("false", "422", "SERVICE_NOT_APPLICABLE"),
            ("no", "422", "SERVICE_NOT_APPLICABLE"),
            ("blank", "200", ""),
            ("three-rows", "422", "SERVICE_NOT_APPLICABLE"),
        ],
        outcomes(&table)
    );
    for id in ["false", "no", "three-rows"] {
        assert_eq!(table.answers(row(&table, id)).len(), 4, "row {id} has no results");
    }
    assert!(stderr.contains("repeated at lines 7, 8"), "the summary names the repeated lines:\n{stderr}");
}

// ---- Per-attribute answers (SPEC.md sections 2, 7 and 9) ----

#[test]
fn values_equal_after_normalisation_are_true() {
    let candidates = "\
requestId,phoneNumber,idDocument,bankAccountNumber,givenName,familyName,postalCode,locality,country,email,gender
case,+34600000001,,,CLARA,GARCÍA,,MADRID,,,
accents,+34600000001,,,,garcia,,,,,
full-width,+34600000001,,,ＣＬＡＲＡ,,,,,,
codes,+34600000001,x123456,IBAN:NL59ABNA0123456789,,,28 013,,es,Ana@X.com,female
punctuation,+34600000005,,,jean luc,oneill,,,,,
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), &[]);
    eqnice!(
        vec![
            vec![
                ("requestId", "case"),
                ("status", "200"),
                ("givenNameMatch", "true"),
                ("familyNameMatch", "true"),
                ("localityMatch", "true"),
            ],
            vec![("requestId", "accents"), ("status", "200"), ("familyNameMatch", "true")],
            vec![("requestId", "full-width"), ("status", "200"), ("givenNameMatch", "true")],
            vec![
                ("requestId", "codes"),
                ("status", "200"),
                ("idDocumentMatch", "true"),
                ("bankAccountNumberMatch", "true"),
                ("postalCodeMatch", "true"),
                ("countryMatch", "true"),
                ("emailMatch", "true"),
                ("genderMatch", "true"),
            ],
            vec![
                ("requestId", "punctuation"),
                ("status", "200"),
                ("givenNameMatch", "true"),
                ("familyNameMatch", "true")
            ],
        ],
        (0..table.rows.len()).map(|i| table.answers(i)).collect::<Vec<_>>()
    );
}

#[test]
fn false_carries_a_score_only_for_scored_attributes() {
    let candidates = "\
requestId,phoneNumber,givenName,locality,postalCode,birthdate,country,gender,idDocument
clara,+34600000001,Carla,Madird,28014,1990-02-04,FR,MALE,X123457
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), &[]);
    let madrid = jaro_winkler_percent("madrid", "madird").to_string();
    eqnice!(
        vec![
            ("requestId", "clara"),
            ("status", "200"),
            ("idDocumentMatch", "false"),
            ("givenNameMatch", "false"),
            ("givenNameMatchScore", "88"),
            ("postalCodeMatch", "false"),
            ("localityMatch", "false"),
            ("localityMatchScore", madrid.as_str()),
            ("countryMatch", "false"),
            ("birthdateMatch", "false"),
            ("genderMatch", "false"),
        ],
        table.answers(0)
    );
    for unscored in
        ["idDocument", "postalCode", "birthdate", "country", "gender", "nationality", "houseNumberExtension"]
    {
        assert!(!table.headers.contains(&format!("{unscored}MatchScore")), "{unscored} has no score column");
    }
}

#[test]
fn a_false_never_scores_100() {
    // 120 characters differing only in the last one: Jaro-Winkler rounds to 100, yet the
    // values differ, so the answer is false with the capped score 99.
    let street: String = (0..120).map(|i| char::from(b'a' + (i * 7 % 26) as u8)).collect();
    let almost = format!("{}x", &street[..119]);
    assert_eq!(jaro_winkler_percent(&street, &almost), 100, "the case this test is about");
    let extract = format!("phoneNumber,streetName\n+34600000001,{street}\n");
    let candidates =
        format!("requestId,phoneNumber,streetName\nnear,+34600000001,{almost}\nsame,+34600000001,{street}\n");
    let (table, _) = answered(&workdir(&candidates, &extract), &[]);
    eqnice!(
        vec![("requestId", "near"), ("status", "200"), ("streetNameMatch", "false"), ("streetNameMatchScore", "99")],
        table.answers(0)
    );
    eqnice!(vec![("requestId", "same"), ("status", "200"), ("streetNameMatch", "true")], table.answers(1));
}

#[test]
fn missing_operator_values_are_not_available_and_empty_requests_get_nothing() {
    // +34600000006 has no givenName; the extract has no middleNames column at all.
    let candidates = "\
requestId,phoneNumber,givenName,middleNames,familyName,email
r1,+34600000006,Ana,Luisa,,
r2,+34600000006,,,Ruiz,  
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), &[]);
    eqnice!(
        vec![
            ("requestId", "r1"),
            ("status", "200"),
            ("givenNameMatch", "not_available"),
            ("middleNamesMatch", "not_available"),
        ],
        table.answers(0)
    );
    eqnice!(vec![("requestId", "r2"), ("status", "200"), ("familyNameMatch", "true")], table.answers(1));
}

#[test]
fn kana_in_half_and_full_width_are_the_same_reading() {
    let extract = "\
phoneNumber,nameKanaHankaku,nameKanaZenkaku
+81900000001,ヤマダ タロウ,ﾔﾏﾀﾞ ﾀﾛｳ
";
    let candidates = "\
requestId,phoneNumber,nameKanaHankaku,nameKanaZenkaku
widths,+81900000001,ﾔﾏﾀﾞ ﾀﾛｳ,ヤマダ　タロウ
voicing,+81900000001,ヤマタ タロウ,
";
    let (table, _) = answered(&workdir(candidates, extract), &[]);
    eqnice!(
        vec![
            ("requestId", "widths"),
            ("status", "200"),
            ("nameKanaHankakuMatch", "true"),
            ("nameKanaZenkakuMatch", "true")
        ],
        table.answers(0)
    );
    eqnice!("false", table.cell(1, "nameKanaHankakuMatch"), "a voicing mark is part of the reading");
    assert!(!table.cell(1, "nameKanaHankakuMatchScore").is_empty());
}

#[test]
fn multi_valued_cells_match_any_value_and_score_the_best() {
    let extract = "\
phoneNumber,idDocument,email,familyName,streetName
+34600000001,P123|N-456,ana@x.com|maria@y.com,García|Pérez,Calle Mayor|Gran Via
";
    let candidates = "\
requestId,phoneNumber,idDocument,email,familyName,streetName
second,+34600000001,n456,maria@y.com,perez,gran via
neither,+34600000001,Q789,mario@y.com,Peres,
";
    let (table, _) = answered(&workdir(candidates, extract), &[]);
    eqnice!(
        vec![
            ("requestId", "second"),
            ("status", "200"),
            ("idDocumentMatch", "true"),
            ("familyNameMatch", "true"),
            ("streetNameMatch", "true"),
            ("emailMatch", "true"),
        ],
        table.answers(0)
    );
    let best_email =
        jaro_winkler_percent("ana@x.com", "mario@y.com").max(jaro_winkler_percent("maria@y.com", "mario@y.com"));
    let best_family = jaro_winkler_percent("garcia", "peres").max(jaro_winkler_percent("perez", "peres"));
    assert!(best_email < 100 && best_family < 100);
    eqnice!(
        vec![
            ("requestId", "neither"),
            ("status", "200"),
            ("idDocumentMatch", "false"),
            ("familyNameMatch", "false"),
            ("familyNameMatchScore", best_family.to_string().as_str()),
            ("emailMatch", "false"),
            ("emailMatchScore", best_email.to_string().as_str()),
        ],
        table.answers(1)
    );
}

#[test]
fn the_profile_sets_the_multi_value_separator() {
    let extract = "phoneNumber,email,givenName\n+34600000001,ana@x.com;maria@y.com,Ana|Maria\n";
    let candidates = "requestId,phoneNumber,email,givenName\nr1,+34600000001,maria@y.com,Ana|Maria\n";
    let (default, semicolon) = with_and_without_profile(candidates, extract, "multi_value_separator = \";\"\n");
    eqnice!(vec!["false", "true"], vec![default.cell(0, "emailMatch"), semicolon.cell(0, "emailMatch")]);
    eqnice!(vec!["true", "true"], vec![default.cell(0, "givenNameMatch"), semicolon.cell(0, "givenNameMatch")]);
}

#[test]
fn name_and_address_are_built_from_their_parts() {
    // No name or address column: both come from their parts (given, middle, family; street
    // name, number, extension).
    let extract = "\
phoneNumber,givenName,middleNames,familyName,streetName,streetNumber,houseNumberExtension
+34600000001,Maria,Luisa,Garcia,Calle Mayor,5,2B
";
    let candidates = "\
requestId,phoneNumber,name,address
parts,+34600000001,Maria Luisa Garcia,Calle Mayor 5 2B
wrong,+34600000001,Maria Garcia,Calle Mayor 7
";
    let (table, _) = answered(&workdir(candidates, extract), &[]);
    eqnice!(
        vec![("requestId", "parts"), ("status", "200"), ("nameMatch", "true"), ("addressMatch", "true")],
        table.answers(0)
    );
    eqnice!(vec!["false", "false"], vec![table.cell(1, "nameMatch"), table.cell(1, "addressMatch")]);
    assert!(!table.cell(1, "nameMatchScore").is_empty() && !table.cell(1, "addressMatchScore").is_empty());

    // An empty full value is built from the parts too; a full value is used as it is.
    let extract = "\
phoneNumber,name,givenName,familyName
+34600000001,,Maria,Garcia
+34600000002,Maria Garcia Lopez,Maria,Garcia
";
    let candidates = "\
requestId,phoneNumber,name
empty-name,+34600000001,Maria Garcia
own-name,+34600000002,Maria Garcia Lopez
";
    let (table, _) = answered(&workdir(candidates, extract), &[]);
    eqnice!(vec!["true", "true"], table.column("nameMatch"));
}

// ---- Normalisation profiles (SPEC.md 9.1, DESIGN.md profile) ----

/// Runs the same candidates against `extract` without and with `profile`; returns both results.
fn with_and_without_profile(candidates: &str, extract: &str, profile: &str) -> (Table, Table) {
    let wd = workdir(candidates, extract);
    wd.write("profile.toml", profile);
    let (default, _) = answered(&wd, &[]);
    let (profiled, _) = answered(&wd, &["--profile", "profile.toml"]);
    (default, profiled)
}

#[test]
fn profile_nl_removes_dutch_family_name_prefixes() {
    let extract = "phoneNumber,familyName\n+31600000001,van der Berg\n+31600000002,Müller\n";
    let candidates = "requestId,phoneNumber,familyName\nprefix,+31600000001,Berg\numlaut,+31600000002,Mueller\n";
    let (default, nl) = with_and_without_profile(candidates, extract, "normalization = \"nl\"\n");
    eqnice!(vec!["false", "false"], default.column("familyNameMatch"));
    eqnice!(vec!["true", "true"], nl.column("familyNameMatch"));
}

#[test]
fn profile_exact_only_trims() {
    let extract = "phoneNumber,givenName,familyName\n+34600000001,María,García\n";
    let candidates = "requestId,phoneNumber,givenName,familyName\nr1,+34600000001,  María ,garcia\n";
    let (default, exact) = with_and_without_profile(candidates, extract, "normalization = \"exact\"\n");
    eqnice!(
        vec![("requestId", "r1"), ("status", "200"), ("givenNameMatch", "true"), ("familyNameMatch", "true")],
        default.answers(0)
    );
    let score = jaro_winkler_percent("García", "garcia").to_string();
    eqnice!(
        vec![
            ("requestId", "r1"),
            ("status", "200"),
            ("givenNameMatch", "true"),
            ("familyNameMatch", "false"),
            ("familyNameMatchScore", score.as_str()),
        ],
        exact.answers(0)
    );
}

#[test]
fn profile_without_scores_leaves_score_cells_empty() {
    let candidates = "requestId,phoneNumber,givenName\nr1,+34600000001,Carla\n";
    let (default, unscored) = with_and_without_profile(candidates, EXTRACT, "scores = false\n");
    eqnice!("88", default.cell(0, "givenNameMatchScore"));
    eqnice!(vec![("requestId", "r1"), ("status", "200"), ("givenNameMatch", "false")], unscored.answers(0));
    eqnice!(OUTPUT_COLUMNS.to_vec(), unscored.headers, "the score columns stay, empty");
}

#[test]
fn full_names_compare_in_any_part_order_unless_the_profile_says_otherwise() {
    let extract = "phoneNumber,name,address\n+34600000001,Maria Garcia Lopez,Calle Mayor 5\n";
    let candidates = "requestId,phoneNumber,name,address\nswapped,+34600000001,Lopez Garcia Maria,5 Calle Mayor\n";
    let (default, ordered) = with_and_without_profile(candidates, extract, "any_part_order = false\n");
    eqnice!(
        vec![("requestId", "swapped"), ("status", "200"), ("nameMatch", "true"), ("addressMatch", "true")],
        default.answers(0)
    );
    eqnice!(vec!["false", "false"], vec![ordered.cell(0, "nameMatch"), ordered.cell(0, "addressMatch")]);
    let score = jaro_winkler_percent("mariagarcialopez", "lopezgarciamaria").to_string();
    eqnice!(score.as_str(), ordered.cell(0, "nameMatchScore"));
}

#[test]
fn postal_codes_are_cut_to_10_characters_under_mobile_connect_only() {
    let extract = "phoneNumber,postalCode\n+34600000001,1234567890AB\n";
    let candidates = "requestId,phoneNumber,postalCode\nr1,+34600000001,1234567890-XY\n";
    let (default, nl) = with_and_without_profile(candidates, extract, "normalization = \"nl\"\n");
    eqnice!("true", default.cell(0, "postalCodeMatch"));
    eqnice!("false", nl.cell(0, "postalCodeMatch"));
}

// ---- Columns: mapping, unknown columns, --keep, order, requestId ----

#[test]
fn the_profile_maps_operator_headers() {
    let wd = workdir(
        "ref,msisdn,first\nr1,+34600000001,Clara\nr2,+34600000001,Carla\n",
        "MSISDN,FIRST_NAME\n+34600000001,Clara\n",
    );
    wd.write(
        "profile.toml",
        "\
[columns.extract]
phoneNumber = \"MSISDN\"
givenName = \"FIRST_NAME\"

[columns.candidates]
requestId = \"ref\"
phoneNumber = \"msisdn\"
givenName = \"first\"
",
    );
    let (table, stderr) = answered(&wd, &["--profile", "profile.toml"]);
    eqnice!(vec![("requestId", "r1"), ("status", "200"), ("givenNameMatch", "true")], table.answers(0));
    eqnice!(
        vec![("requestId", "r2"), ("status", "200"), ("givenNameMatch", "false"), ("givenNameMatchScore", "88")],
        table.answers(1)
    );
    assert!(!stderr.contains("warning"), "every column is used:\n{stderr}");
}

#[test]
fn unknown_candidate_columns_are_named_in_one_warning() {
    let wd = workdir("requestId,phoneNumber,givenName,segment,channel\nr1,+34600000001,Clara,prepaid,web\n", EXTRACT);
    let (table, stderr) = answered(&wd, &[]);
    eqnice!(vec![("requestId", "r1"), ("status", "200"), ("givenNameMatch", "true")], table.answers(0));
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    eqnice!(vec!["kyclink: warning: candidates.csv: columns not used: segment, channel"], warnings);
}

#[test]
fn keep_passes_a_column_through_as_the_last_one() {
    let wd = workdir(
        "requestId,phoneNumber,givenName,segment,channel\nr1,+34600000001,Clara,prepaid,web\nr2,+34699999999,Clara,postpaid,shop\n",
        EXTRACT,
    );
    let (table, stderr) = answered(&wd, &["--keep", "channel"]);
    let mut expected = OUTPUT_COLUMNS.to_vec();
    expected.push("channel");
    eqnice!(expected, table.headers);
    eqnice!(vec!["web", "shop"], table.column("channel"), "error rows keep their columns too");
    eqnice!(vec![("r1", "200", ""), ("r2", "404", "IDENTIFIER_NOT_FOUND")], outcomes(&table));
    let warnings: Vec<&str> = stderr.lines().filter(|line| line.contains("warning")).collect();
    eqnice!(vec!["kyclink: warning: candidates.csv: columns not used: segment"], warnings);
}

#[test]
fn keep_of_a_column_that_does_not_exist_exits_2() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    let output = wd.run(&mut kyc_match(&wd, &["--keep", "nosuch"]));
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(stderr.contains("candidates.csv") && stderr.contains("nosuch"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn output_columns_follow_spec_order_and_request_ids_default_to_row_numbers() {
    // No requestId column: the 1-based row number. A CRLF file with a byte-order mark, as
    // spreadsheets write them, reads the same.
    let wd = workdir("\u{feff}phoneNumber,givenName\r\n+34600000001,Clara\r\n+34699999999,Ana\r\n,Ana\r\n", EXTRACT);
    let (table, stderr) = answered(&wd, &[]);
    eqnice!(OUTPUT_COLUMNS.to_vec(), table.headers);
    eqnice!(
        vec![("1", "200", ""), ("2", "404", "IDENTIFIER_NOT_FOUND"), ("3", "422", "MISSING_IDENTIFIER")],
        outcomes(&table)
    );
    assert!(!stderr.contains("warning"), "the byte-order mark is not part of the header:\n{stderr}");

    // With a requestId column, an empty (or blank) requestId stays empty: a row number could
    // be another row's real id.
    let wd = workdir(
        "requestId,phoneNumber,givenName\na,+34600000001,Clara\n,+34600000001,Clara\n  ,+34600000001,Clara\nd,+34600000001,Clara\n",
        EXTRACT,
    );
    let (table, _) = answered(&wd, &[]);
    eqnice!(vec!["a", "", "", "d"], table.column("requestId"));
}

// ---- Rows that cannot be read (DESIGN.md: a bad row is data) ----

#[test]
fn ragged_and_invalid_utf8_rows_are_answered_in_place() {
    let mut candidates = b"requestId,phoneNumber,givenName\n".to_vec();
    candidates.extend_from_slice(b"a,+34600000001,Clara\n");
    candidates.extend_from_slice(b"b,+34600000001\n");
    candidates.extend_from_slice(b"c,+34600000001,Cl\xffra\n");
    candidates.extend_from_slice(b"d,+34600000001,Clara,extra\n");
    candidates.extend_from_slice(b"e,+34600000001,\"Cla\nra\"\n");
    candidates.extend_from_slice(b"f,+34600000001\n");
    candidates.extend_from_slice(b"g,+34600000001,Clara\n");
    // Two invalid fields that are valid UTF-8 when put together ("\xc3\xa9" is an e-acute).
    candidates.extend_from_slice(b"h,+34600000001\xc3,\xa9Clara\n");
    let wd = workdir("", EXTRACT);
    wd.write_bytes("candidates.csv", &candidates);
    let (table, _) = answered(&wd, &[]);
    eqnice!(
        vec![
            ("a", "200", ""),
            ("b", "400", "INVALID_ARGUMENT"),
            ("c", "400", "INVALID_ARGUMENT"),
            ("d", "400", "INVALID_ARGUMENT"),
            ("e", "400", "INVALID_ARGUMENT"),
            ("f", "400", "INVALID_ARGUMENT"),
            ("g", "200", ""),
            ("h", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!(
        vec![
            "",
            "line 3: the record has 2 fields, the header has 3",
            "line 4: column givenName: not valid UTF-8",
            "line 5: the record has 4 fields, the header has 3",
            "givenName: contains control characters",
            "line 8: the record has 2 fields, the header has 3",
            "",
            "line 10: column phoneNumber: not valid UTF-8",
        ],
        table.column("message"),
        "lines are physical lines; the quoted field of e spans lines 6-7"
    );
    for i in (1..6).chain([7]) {
        assert_eq!(table.answers(i).len(), 4, "row {} has no results", i + 1);
    }
    eqnice!(vec!["true", "", "", "", "", "", "true", ""], table.column("givenNameMatch"));
}

#[test]
fn unreadable_extract_rows_are_skipped_and_named_by_line() {
    let mut extract = b"phoneNumber,givenName,TARIFF\n".to_vec();
    extract.extend_from_slice(b"+34600000001,Clara,prepago\n");
    extract.extend_from_slice(b"+34600000002,Ana\n");
    extract.extend_from_slice(b"+34600000003,Cl\xffra,prepago\n");
    // Invalid UTF-8 in a column kyclink does not read leaves the row whole.
    extract.extend_from_slice(b"+34600000004,Zo\xc3\xab,pr\xe9pago\n");
    extract.extend_from_slice(b"+34600000005,Jos\xc3\xa9,\"a,\nb\"\n");
    extract.extend_from_slice(b"+34600000006,Ana,prepago,extra\n");
    let candidates = "requestId,phoneNumber,givenName\n\
        a,+34600000001,Clara\n\
        b,+34600000002,Ana\n\
        c,+34600000003,Clara\n\
        d,+34600000004,Zoe\n\
        e,+34600000005,Jose\n\
        f,+34600000006,Ana\n";
    let wd = workdir(candidates, "");
    wd.write_bytes("extract.csv", &extract);
    let (table, stderr) = answered(&wd, &["--summary", "s.json"]);
    eqnice!(
        vec![
            ("a", "200", ""),
            ("b", "404", "IDENTIFIER_NOT_FOUND"),
            ("c", "404", "IDENTIFIER_NOT_FOUND"),
            ("d", "200", ""),
            ("e", "200", ""),
            ("f", "404", "IDENTIFIER_NOT_FOUND"),
        ],
        outcomes(&table)
    );
    eqnice!(vec!["true", "", "", "true", "true", ""], table.column("givenNameMatch"));
    let summary: serde_json::Value = serde_json::from_str(&wd.read("s.json")).expect("the summary is JSON");
    let extract = &summary["extract"];
    eqnice!(serde_json::json!(6), extract["rows"]);
    eqnice!(serde_json::json!(3), extract["indexed"]);
    eqnice!(serde_json::json!(3), extract["unreadableRows"]);
    eqnice!(serde_json::json!([3, 4, 8]), extract["unreadableLines"], "the quoted field of row 5 spans lines 6-7");
    assert!(stderr.contains("3 subscriptions indexed"), "{stderr}");
}

#[test]
fn bytes_in_columns_kyclink_does_not_read_do_not_spoil_a_row() {
    // `note` is not a KYC Match property and not kept; the extract's TARIFF is not used:
    // neither is read, so invalid UTF-8 there leaves the rows whole.
    let mut candidates = b"requestId,phoneNumber,givenName,note\n".to_vec();
    candidates.extend_from_slice(b"a,+34600000001,Clara,caf\xe9\n");
    candidates.extend_from_slice(b"b,+34600000001,Cl\xffra,fine\n");
    let mut extract = b"phoneNumber,givenName,TARIFF\n".to_vec();
    extract.extend_from_slice(b"+34600000001,Clara,pr\xe9pago\n");
    let wd = workdir("", "");
    wd.write_bytes("candidates.csv", &candidates);
    wd.write_bytes("extract.csv", &extract);
    let (table, stderr) = answered(&wd, &[]);
    eqnice!(vec![("a", "200", ""), ("b", "400", "INVALID_ARGUMENT")], outcomes(&table));
    eqnice!(vec!["true", ""], table.column("givenNameMatch"));
    assert!(stderr.contains("1 subscriptions indexed"), "{stderr}");
    // Kept, the column is read, and its bytes count.
    let (table, _) = answered(&wd, &["--keep", "note"]);
    eqnice!(vec![("a", "400", "INVALID_ARGUMENT"), ("b", "400", "INVALID_ARGUMENT")], outcomes(&table));
}

#[test]
fn ragged_rows_in_a_crlf_file_name_their_physical_line() {
    let wd = workdir(
        "requestId,phoneNumber,givenName\r\na,+34600000001,Clara\r\nb,+34600000001\r\nc,+34600000001,Clara\r\n",
        "phoneNumber,givenName\r\n+34600000001,Clara\r\nbad,Ana\r\n+34600000002,Ana\r\n+34600000002,Ana\r\n",
    );
    let (table, stderr) = answered(&wd, &[]);
    eqnice!(vec!["", "line 3: the record has 2 fields, the header has 3", ""], table.column("message"));
    // The extract's line reports lag the same way.
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains("invalid phoneNumber (line 3)") && first.contains("repeated at line 5"), "{stderr}");
}

// ---- Many rows: conservation, order, determinism (DESIGN.md data flow) ----

/// The expected `(requestId, status, code, givenNameMatch)` of one generated row.
type Expected = (String, &'static str, &'static str, &'static str);

/// Writes an extract of 199 subscribers (subscriber 7 out of scope) and `rows` candidates
/// that cycle through every outcome, some without a requestId, one ragged, one with invalid
/// UTF-8; returns what each row should get.
fn generated(wd: &Workdir, rows: usize) -> Vec<Expected> {
    let mut extract = String::from("phoneNumber,givenName,familyName,serviceApplicable\n");
    for s in 0..199 {
        let scope = if s == 7 { "false" } else { "" };
        extract.push_str(&format!("+3460{s:07},Given{s},Family{s},{scope}\n"));
    }
    wd.write("extract.csv", &extract);

    let mut candidates = b"requestId,phoneNumber,givenName,familyName\n".to_vec();
    let mut expected = Vec::with_capacity(rows);
    for i in 0..rows {
        let s = i % 199;
        let id = if i % 11 == 0 { String::new() } else { format!("q{i}") };
        let phone = format!("+3460{s:07}");
        let (line, status, code, given) = match i % 8 {
            0 => (format!("{id},{phone},Given{s},Family{s}"), "200", "", "true"),
            1 => (format!("{id},{phone},Givne{s},"), "200", "", "false"),
            2 => (format!("{id},+3479{i:07},Given{s},"), "404", "IDENTIFIER_NOT_FOUND", ""),
            3 => (format!("{id},3460{s:07},Given{s},"), "400", "INVALID_ARGUMENT", ""),
            4 => (format!("{id},{phone},,"), "400", "KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION", ""),
            5 => (format!("{id},,Given{s},"), "422", "MISSING_IDENTIFIER", ""),
            6 => (format!("{id},,,"), "400", "INVALID_ARGUMENT", ""),
            _ => (format!("{id},{phone},,Family{s}"), "200", "", ""),
        };
        let out_of_scope = s == 7 && matches!(i % 8, 0 | 1 | 7);
        let (mut line, status, code, given) = if out_of_scope {
            (line.into_bytes(), "422", "SERVICE_NOT_APPLICABLE", "")
        } else {
            (line.into_bytes(), status, code, given)
        };
        let defect = i == rows / 2 || i == rows / 3;
        if i == rows / 2 {
            line = format!("{id},{phone}").into_bytes();
        } else if i == rows / 3 {
            line = format!("{id},{phone},Given").into_bytes();
            line.extend_from_slice(b"\xe9,");
        }
        line.push(b'\n');
        candidates.extend_from_slice(&line);
        match defect {
            // A rejected row keeps its requestId: it is the first column.
            true => expected.push((id, "400", "INVALID_ARGUMENT", "")),
            false => expected.push((id, status, code, given)),
        }
    }
    wd.write_bytes("candidates.csv", &candidates);
    let statuses: std::collections::BTreeSet<&str> = expected.iter().map(|e| e.2).collect();
    assert_eq!(statuses.len(), 6, "every code occurs (\"\" for 200): {statuses:?}");
    expected
}

#[test]
fn every_input_row_comes_out_once_in_input_order() {
    let wd = Workdir::new();
    let expected = generated(&wd, 3000);
    let (table, stderr) = answered(&wd, &["--batch-size", "7", "--threads", "2"]);
    assert_eq!(table.rows.len(), 3000, "N rows in, N rows out");
    eqnice!(
        expected.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
        table.column("requestId"),
        "request ids, in order"
    );
    let statuses: Vec<(&str, &str)> = table.column("status").into_iter().zip(table.column("code")).collect();
    eqnice!(expected.iter().map(|e| (e.1, e.2)).collect::<Vec<_>>(), statuses, "statuses and codes");
    eqnice!(expected.iter().map(|e| e.3).collect::<Vec<_>>(), table.column("givenNameMatch"), "givenNameMatch");
    assert!(stderr.contains("match: 3000 rows in, 3000 rows out"), "{stderr}");

    // SPEC.md 2: a score only with false, and never 100.
    for column in OUTPUT_COLUMNS.iter().filter(|c| c.ends_with("MatchScore") && **c != "identityMatchScore") {
        let matches = table.column(&column[..column.len() - "Score".len()]);
        for (i, score) in table.column(column).into_iter().enumerate() {
            assert_eq!(
                !score.is_empty(),
                matches[i] == "false",
                "row {}: {column} {score:?} with {:?}",
                i + 1,
                matches[i]
            );
            assert!(score.is_empty() || score.parse::<u8>().unwrap() <= 99);
        }
    }
}

#[test]
fn results_do_not_depend_on_threads_or_batch_size() {
    let wd = Workdir::new();
    generated(&wd, 3000);
    let mut runs = Vec::new();
    for args in [
        ["--threads", "1", "--batch-size", "1000"],
        ["--threads", "2", "--batch-size", "1"],
        ["--threads", "2", "--batch-size", "1000"],
        ["--threads", "1", "--batch-size", "7"],
    ] {
        runs.push((args, wd.stdout(&mut kyc_match(&wd, &args))));
    }
    let (first_args, first) = &runs[0];
    assert_eq!(first.lines().count(), 3001);
    for (args, stdout) in &runs[1..] {
        assert!(stdout == first, "{args:?} and {first_args:?} differ");
    }
}

// ---- Fatal errors: exit 2, the file named (DESIGN.md exit codes) ----

#[test]
fn a_missing_candidates_file_exits_2() {
    let wd = workdir("", EXTRACT);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "nosuch.csv", "--extract", "extract.csv"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("nosuch.csv"), "{stderr}");
}

#[test]
fn a_missing_extract_file_exits_2() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv", "--extract", "nosuch.csv"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("nosuch.csv"), "{stderr}");
}

#[test]
fn an_extract_without_a_phone_column_exits_2_naming_file_line_and_column() {
    let wd =
        workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", "msisdn,givenName\n+34600000001,Clara\n");
    let stderr = wd.fails(&mut kyc_match(&wd, &[]), 2);
    eqnice!("kyclink: extract.csv: line 1: no column phoneNumber in the header", stderr.trim_end());

    // With a mapping, the message names the header the profile expected.
    wd.write("profile.toml", "[columns.extract]\nphoneNumber = \"MSISDN\"\n");
    let stderr = wd.fails(&mut kyc_match(&wd, &["--profile", "profile.toml"]), 2);
    for part in ["extract.csv", "line 1", "phoneNumber", "MSISDN"] {
        assert!(stderr.contains(part), "{part:?} missing from {stderr}");
    }
}

#[test]
fn an_empty_candidates_file_exits_2() {
    let wd = workdir("", EXTRACT);
    let output = wd.run(&mut kyc_match(&wd, &[]));
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(stderr.contains("candidates.csv") && stderr.contains("no header"), "{stderr}");
    assert!(output.stdout.is_empty(), "no output header either");
}

#[test]
fn an_empty_extract_file_exits_2() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", "");
    let output = wd.run(&mut kyc_match(&wd, &[]));
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr(&output);
    assert!(stderr.contains("extract.csv") && stderr.contains("no header"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_candidates_file_with_only_a_header_gives_only_the_output_header() {
    let wd = workdir("requestId,phoneNumber,givenName\n", EXTRACT);
    let (table, stderr) = answered(&wd, &[]);
    eqnice!(OUTPUT_COLUMNS.to_vec(), table.headers);
    assert!(table.rows.is_empty());
    assert!(stderr.contains("match: 0 rows in, 0 rows out"), "{stderr}");
}

#[test]
fn an_invalid_profile_exits_2() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    wd.write("profile.toml", "normalisation = \"nl\"\n");
    let stderr = wd.fails(&mut kyc_match(&wd, &["--profile", "profile.toml"]), 2);
    assert!(stderr.contains("profile.toml") && stderr.contains("normalisation"), "{stderr}");
    wd.write("profile.toml", "normalization = \"fr\"\n");
    wd.fails(&mut kyc_match(&wd, &["--profile", "profile.toml"]), 2);
}

// ---- --out and --summary ----

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\nr2,+34699999999,Clara\n", EXTRACT);
    let to_stdout = wd.stdout(&mut kyc_match(&wd, &[]));
    let printed = wd.stdout(&mut kyc_match(&wd, &["--out", "results.csv"]));
    eqnice!("", printed);
    eqnice!(to_stdout, wd.read("results.csv"));
    eqnice!(vec![("r1", "200", ""), ("r2", "404", "IDENTIFIER_NOT_FOUND")], outcomes(&wd.read_csv("results.csv")));
    eqnice!(
        ["candidates.csv", "extract.csv", "results.csv"]
            .map(String::from)
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        wd.files(),
        "no temporary file is left"
    );
}

#[test]
fn a_failed_run_leaves_no_output_file() {
    let wd =
        workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", "msisdn,givenName\n+34600000001,Clara\n");
    let output = wd.run(&mut kyc_match(&wd, &["--out", "results.csv"]));
    assert_eq!(output.status.code(), Some(2));
    eqnice!(
        ["candidates.csv", "extract.csv"].map(String::from).into_iter().collect::<std::collections::BTreeSet<_>>(),
        wd.files(),
        "neither results.csv nor a partial file"
    );
}

/// `--out /dev/null` once replaced the machine's /dev/null with a plain file (written beside
/// it, then renamed over it). A FIFO stands in for the device: it must still be a FIFO after
/// the run, and what came through it must be the whole output.
#[test]
fn out_to_a_fifo_writes_through_it_and_leaves_it_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    let expected = wd.stdout(&mut kyc_match(&wd, &[]));
    let fifo = wd.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).expect("the FIFO is readable")
    });
    wd.stdout(&mut kyc_match(&wd, &["--out", "pipe"]));
    // Checked before joining: had the FIFO been replaced, the reader would wait forever.
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "pipe is still a FIFO");
    eqnice!(expected, reader.join().unwrap());
    eqnice!(
        ["candidates.csv", "extract.csv", "pipe"]
            .map(String::from)
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>(),
        wd.files(),
        "no temporary file beside the FIFO"
    );
}

#[test]
fn out_through_a_symlink_replaces_the_file_it_names() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    let expected = wd.stdout(&mut kyc_match(&wd, &[]));
    wd.write("real.csv", "old results\n");
    std::os::unix::fs::symlink("real.csv", wd.path().join("link.csv")).unwrap();
    wd.stdout(&mut kyc_match(&wd, &["--out", "link.csv"]));
    assert!(std::fs::symlink_metadata(wd.path().join("link.csv")).unwrap().file_type().is_symlink(), "still a link");
    eqnice!(expected, wd.read("real.csv"));
}

#[test]
fn summary_counts_rows_statuses_and_answers() {
    let wd = workdir(
        "\
requestId,phoneNumber,givenName,familyName
ok,+34600000001,Clara,Garcia
score,+34600000001,Carla,
na,+34600000006,Ana,Ruiz
unknown,+34699999999,Clara,
duplicated,+34600000003,Ana,
empty,,,
",
        EXTRACT,
    );
    let (table, stderr) = answered(&wd, &["--summary", "s.json"]);
    assert_eq!(table.rows.len(), 6);
    let summary: serde_json::Value = serde_json::from_str(&wd.read("s.json")).expect("the summary is JSON");
    eqnice!(serde_json::json!("match"), summary["job"]);
    eqnice!(serde_json::json!(6), summary["rowsIn"]);
    eqnice!(serde_json::json!(6), summary["rowsOut"]);
    eqnice!(
        serde_json::json!([
            {"status": 200, "code": "", "rows": 3},
            {"status": 400, "code": "INVALID_ARGUMENT", "rows": 1},
            {"status": 404, "code": "IDENTIFIER_NOT_FOUND", "rows": 1},
            {"status": 422, "code": "SERVICE_NOT_APPLICABLE", "rows": 1},
        ]),
        summary["statuses"]
    );
    let columns = summary["columns"].as_array().expect("a list of columns");
    let given = columns.iter().find(|c| c["column"] == "givenNameMatch").expect("givenNameMatch is counted");
    eqnice!(
        serde_json::json!({"column": "givenNameMatch", "true": 1, "false": 1, "notAvailable": 1, "notRequested": 3}),
        *given
    );
    let family = columns.iter().find(|c| c["column"] == "familyNameMatch").expect("familyNameMatch is counted");
    eqnice!(
        serde_json::json!({"column": "familyNameMatch", "true": 2, "false": 0, "notAvailable": 0, "notRequested": 4}),
        *family
    );
    assert_eq!(columns.len(), 25, "one entry per compared attribute");

    let extract = &summary["extract"];
    eqnice!(serde_json::json!(7), extract["rows"]);
    eqnice!(serde_json::json!(5), extract["indexed"]);
    eqnice!(serde_json::json!(1), extract["invalidPhoneRows"]);
    eqnice!(serde_json::json!([6]), extract["invalidPhoneLines"]);
    eqnice!(serde_json::json!(0), extract["unreadableRows"]);
    eqnice!(serde_json::json!(1), extract["duplicatePhones"]);
    eqnice!(serde_json::json!([5]), extract["duplicateLines"]);

    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.contains("1 row skipped for an invalid phoneNumber (line 6)"), "{stderr}");
    assert!(first.contains("1 phone number on more than one row") && first.contains("repeated at line 5"), "{stderr}");
    assert!(stderr.contains("match: 6 rows in, 6 rows out"), "{stderr}");
}

// ---- kyclink profile ----

#[test]
fn the_printed_profile_round_trips() {
    let wd = workdir(
        "\
requestId,phoneNumber,name,givenName,familyName,email,postalCode
r1,+34600000001,Clara García,Carla,garcia,ana@x.com,28013
r2,+34600000005,Jean Luc O'Neill,Jean Luc,Neill,,
r3,+34600000002,,Ana,,,
",
        EXTRACT,
    );
    let profile = wd.stdout(&mut wd.command("profile"));
    assert!(profile.contains("normalization = \"mobile-connect\""), "{profile}");
    wd.write("profile.toml", &profile);
    let without = wd.stdout(&mut kyc_match(&wd, &[]));
    let with = wd.stdout(&mut kyc_match(&wd, &["--profile", "profile.toml"]));
    eqnice!(without, with);
    eqnice!(vec!["200", "200", "422"], Table::parse(&with).column("status"));
}
