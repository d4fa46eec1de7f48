//! The config file (untrusted: whatever is at that path, written by the person, a dotfile
//! manager or anything else) and a `STINT_<KEY>` variable: any text is read into settings or
//! refused with a message, never a panic; what is read shows values that read back to the same
//! settings.
#![no_main]

use stint_settings::{Settings, KEYS};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // The application refuses a file that is not UTF-8 before it gets here.
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Even first bytes: the text is the file. Odd ones: its last line is one variable's value.
    let (file, variable) = match first % 2 {
        0 => (text, None),
        _ => {
            let (file, value) = text.rsplit_once('\n').unwrap_or(("", text));
            let key = &KEYS[usize::from(first / 2) % KEYS.len()];
            (file, Some((format!("STINT_{}", key.name.to_ascii_uppercase()), value.to_string())))
        }
    };
    let env = |name: &str| variable.as_ref().filter(|(var, _)| var == name).map(|(_, value)| value.clone());
    match Settings::parse(Some(file), env) {
        Ok((settings, views)) => {
            assert_eq!(views.len(), KEYS.len());
            // Every value shown reads back to the same setting (the client secret shows as
            // "(set)", never as itself).
            let mut again = Settings::default();
            for key in KEYS.iter().filter(|k| k.name != "oauth_client_secret") {
                let shown = (key.show)(&settings);
                assert!((key.apply)(&mut again, &shown).is_ok(), "{} = {shown} does not read back", key.name);
            }
            again.jira.client_secret = settings.jira.client_secret.clone();
            assert_eq!(again, settings);
        }
        Err(e) => assert!(!e.message.trim().is_empty(), "a refusal says why"),
    }
});
