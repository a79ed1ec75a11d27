//! The initial import of a repository: its modules' first files,
//! generated icons and translations, and the repository furniture.

use crate::deps::render_manifests;
use crate::furniture::{codeowners, gitignore, owners_aliases, owners_file, readme};
use crate::messages::wrap;
use crate::repos::{Kind, Module, TeamMap};
use crate::writer::{Draft, Writer};

impl Writer<'_> {
    pub(super) fn initial_import(&mut self) -> Draft {
        let repo = self.repo;
        for module in &repo.modules {
            match module.kind {
                Kind::Icons => self.scaffold_icons(module),
                Kind::Locales => self.scaffold_locales(module),
                _ => {
                    for _ in 0..module.initial {
                        self.new_file(module);
                    }
                }
            }
        }
        self.put_text("README.md".into(), readme(repo));
        self.put_text(".gitignore".into(), gitignore(repo.ecosystem));
        match &repo.team_map {
            TeamMap::Codeowners(_) => {
                self.put_text(".github/CODEOWNERS".into(), codeowners(repo, 0));
            }
            TeamMap::Owners(owners) => {
                self.put_text("OWNERS_ALIASES".into(), owners_aliases(owners));
                for file in owners.files {
                    self.put_text(file.path(), owners_file(file));
                }
            }
        }
        for (path, lines) in render_manifests(repo, &self.deps) {
            self.put_text(path, lines);
        }
        if repo.mailmap {
            self.put_text(
                ".mailmap".into(),
                vec![
                    "# Map old addresses to the canonical identity of each engineer.".into(),
                    "Dana Okafor <dana@acme.example> Dana O. <dana.okafor@oldmail.example>".into(),
                ],
            );
        }
        Draft {
            subject: format!("Initial import of {}", repo.name),
            body: Some(wrap(&format!(
                "Moves {} out of the legacy monorepo with its history squashed. Ownership is recorded in {}.",
                repo.name,
                repo.team_map.described()
            ))),
            branch: "initial-import".into(),
        }
    }

    fn scaffold_icons(&mut self, module: &Module) {
        const SHAPES: &[&str] = &["Arrow", "Chevron", "Caret", "Triangle"];
        const DIRECTIONS: &[&str] = &["Up", "Down", "Left", "Right"];
        const THINGS: &[&str] = &[
            "Cart", "Bag", "Card", "Wallet", "Truck", "Box", "Tag", "Gift", "Lock", "Unlock",
            "User", "Users", "Heart", "Star", "Search", "Filter", "Close", "Check", "Plus",
            "Minus", "Info", "Warning", "Error", "Clock", "Calendar", "Home", "Menu", "Store",
            "Receipt", "Coupon", "Percent", "Globe", "Phone", "Mail", "Chat", "Help", "Settings",
            "Trash", "Edit", "Copy", "Share", "Download", "Upload", "Refresh", "Eye", "EyeOff",
            "Bell", "Pin", "Map", "Qr",
        ];
        let mut names: Vec<String> = Vec::new();
        for shape in SHAPES {
            for direction in DIRECTIONS {
                names.push(format!("{shape}{direction}"));
            }
        }
        for thing in THINGS {
            names.push(thing.to_string());
            names.push(format!("{thing}Filled"));
        }
        for (i, name) in names.iter().enumerate() {
            let (a, b, c, d) = (2 + i % 9, 4 + i % 7, 20 - i % 5, 12 + i % 8);
            let lines = vec![
                "import * as React from \"react\";".to_string(),
                String::new(),
                format!("export function {name}Icon(props: React.SVGProps<SVGSVGElement>) {{"),
                "  return (".into(),
                "    <svg viewBox=\"0 0 24 24\" width={24} height={24} fill=\"none\" {...props}>"
                    .into(),
                format!(
                    "      <path d=\"M{a} {b}L{c} {d}\" stroke=\"currentColor\" strokeWidth={{2}} />"
                ),
                "    </svg>".into(),
                "  );".into(),
                "}".into(),
            ];
            self.put_text(format!("{}{name}Icon.tsx", module.dir), lines);
        }
    }

    fn scaffold_locales(&mut self, module: &Module) {
        const LOCALES: &[&str] = &[
            "en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "ja", "ko", "tr",
        ];
        const NAMESPACES: &[(&str, &[&str])] = &[
            ("common", &["Continue", "Back", "Cancel", "Loading"]),
            ("cart", &["Your cart", "Remove", "Subtotal", "Apply coupon"]),
            (
                "checkout",
                &["Shipping address", "Payment method", "Place order"],
            ),
            (
                "errors",
                &["Something went wrong", "Card declined", "Try again"],
            ),
            (
                "confirmation",
                &["Thank you", "Order number", "Track your order"],
            ),
        ];
        for locale in LOCALES {
            for (namespace, texts) in NAMESPACES {
                let mut lines = vec!["{".to_string()];
                for (i, text) in texts.iter().enumerate() {
                    let comma = if i + 1 < texts.len() { "," } else { "" };
                    let key = text.to_lowercase().replace(' ', "_");
                    let value = if *locale == "en" {
                        text.to_string()
                    } else {
                        format!("[{locale}] {text}")
                    };
                    lines.push(format!("    \"{key}\": \"{value}\"{comma}"));
                }
                lines.push("}".into());
                self.put_text(format!("{}{locale}/{namespace}.json", module.dir), lines);
            }
        }
    }
}
