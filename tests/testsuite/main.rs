//! mag's integration tests: each module builds tiny sites with the real binary and
//! checks the output with an HTML parser.

mod support;

mod aliases;
mod architecture;
mod bad_input;
mod base_url;
mod bundles;
mod check;
mod cli;
mod contributors;
mod drafts;
mod feeds;
mod figures;
mod footnotes;
mod front_matter;
mod images;
mod import_wordpress;
mod import_wordpress_untrusted;
mod links;
mod manual;
mod markdown_specs;
mod metadata;
mod new;
mod output_safety;
mod pages;
mod pathological;
mod properties;
mod pull_quotes;
mod sample_site;
mod security;
mod serve;
mod shortcodes;
mod sitemap;
mod smart_punctuation;
mod templates;
mod themes;
mod yaml_front_matter;
