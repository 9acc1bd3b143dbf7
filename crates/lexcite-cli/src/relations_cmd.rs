//! `lexcite relations [DOC]`: what each indexed document amends, repeals, replaces or ends,
//! what the others do to it, and where it stands on a date.

use anyhow::Result;
use chrono::NaiveDate;

use lexcite_engine::Access;
use lexcite_engine::Engine;

use crate::settings_args::SettingsArgs;

pub fn relations(doc: Option<&str>, as_of: Option<NaiveDate>, args: &SettingsArgs) -> Result<()> {
    let engine = Engine::open(&args.settings()?)?;
    let ids: Vec<String> = match doc {
        Some(id) => vec![id.to_string()],
        None => engine.catalog().docs.iter().map(|d| d.id.clone()).collect(),
    };
    for id in ids {
        let r = engine.relations(&id, Access::ALL, as_of)?;
        let v = &r.validity;
        println!(
            "{} ({}) — {} on {}",
            r.name,
            r.document_id,
            v.status.vietnamese(),
            v.as_of
        );
        if let Some(by) = &v.by {
            println!("  since {}: {} by {}", by.date, by.kind, by.citation);
        }
        for s in &r.states {
            let what = if s.target_units.is_empty() {
                "whole document".to_string()
            } else {
                s.target_units.join(", ")
            };
            let resolved = s
                .target_document_id
                .as_deref()
                .map_or("not in the corpus".to_string(), |t| format!("→ {t}"));
            let date = s.date.map_or("date unknown".to_string(), |d| d.to_string());
            println!(
                "  {} {} [{what}] {resolved}, from {date} ({})",
                s.kind, s.target, s.citation
            );
        }
        for c in r.changed_by.iter().chain(&r.referenced_by) {
            let what = if c.unit_ids.is_empty() {
                "whole document".to_string()
            } else {
                c.unit_ids.join(", ")
            };
            println!(
                "  {} on {} by {} [{what}]",
                c.act.kind, c.act.date, c.act.citation
            );
        }
    }
    Ok(())
}
