//! Bounds on how deep a post's elements nest, so that no post can exhaust the
//! stack or the time of an import.
//!
//! htmd walks the tree recursively, a few stack frames per element, as do the
//! handlers of the parent module: ten thousand nested `<div>`s overflow the stack
//! of a debug build. And html5ever's tree builder looks through every open element
//! for many start tags (the HTML standard's "has an element in scope"), so that
//! building a tree of depth d from n tags takes time n × d.
//!
//! Two steps, neither recursive:
//! - [`plain_if_too_deep`], before the tree is built: html5ever's tokenizer alone
//!   (linear time) follows the open elements; past [`TOKEN_DEPTH`] the whole post
//!   is taken as its text;
//! - [`bound_depth`], on the tree: an element at [`MAX_DEPTH`] keeps its text but
//!   loses its child elements.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;
use markup5ever_rcdom::{Node, NodeData};

/// How deep elements may nest in a post (counting from the document: `html`,
/// `body`, then the post's own elements). An element at this depth keeps its text,
/// but its child elements are dropped. Real posts nest a few dozen deep at most;
/// a hundred fits the stack of a test thread (2 MiB) in a debug build.
pub(crate) const MAX_DEPTH: usize = 100;

/// Flattens every element at [`MAX_DEPTH`] that has child elements: its children
/// become one text node holding their text (block elements on lines of their own).
/// Returns whether anything was flattened. Uses no recursion, so any depth is safe.
pub(super) fn bound_depth(root: &Rc<Node>) -> bool {
    let mut flattened = false;
    let mut stack: Vec<(Rc<Node>, usize)> = vec![(root.clone(), 0)];
    while let Some((node, depth)) = stack.pop() {
        let children = node.children.borrow().clone();
        if depth >= MAX_DEPTH
            && children
                .iter()
                .any(|c| matches!(c.data, NodeData::Element { .. }))
        {
            let text = text_of(&node);
            let leaf = Node::new(NodeData::Text {
                contents: RefCell::new(text.into()),
            });
            leaf.parent.set(Some(Rc::downgrade(&node)));
            // The old children are dropped here; rcdom drops a tree without recursion.
            *node.children.borrow_mut() = vec![leaf];
            flattened = true;
            continue;
        }
        stack.extend(children.into_iter().map(|c| (c, depth + 1)));
    }
    flattened
}

/// Elements whose text stands on lines of its own when an element is flattened.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The text under `node`, in document order, without recursion: the text of block
/// elements stands on lines of its own, and a `<br>` is a line break.
pub(super) fn text_of(node: &Rc<Node>) -> String {
    enum Step {
        Enter(Rc<Node>),
        Leave(bool),
    }
    let mut out = String::new();
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    let mut stack: Vec<Step> = node
        .children
        .borrow()
        .iter()
        .rev()
        .map(|c| Step::Enter(c.clone()))
        .collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(block) => {
                if block {
                    newline(&mut out);
                }
            }
            Step::Enter(n) => match &n.data {
                NodeData::Text { contents } => out.push_str(&contents.borrow()),
                NodeData::Element { name, .. } if &*name.local == "br" => out.push('\n'),
                NodeData::Element { name, .. } => {
                    let block = BLOCKS.contains(&&*name.local);
                    if block {
                        newline(&mut out);
                    }
                    stack.push(Step::Leave(block));
                    stack.extend(
                        n.children
                            .borrow()
                            .iter()
                            .rev()
                            .map(|c| Step::Enter(c.clone())),
                    );
                }
                _ => {}
            },
        }
    }
    out
}

/// How deep the tokenizer may find elements open before the post is taken as its
/// text, whole.
pub(crate) const TOKEN_DEPTH: usize = 10 * MAX_DEPTH;

/// Elements that never hold others (void), or whose end tag may be left out (the
/// next sibling closes them): not counted by [`plain_if_too_deep`], which cannot
/// know when they close.
const UNCOUNTED: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option",
    "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt",
    "rtc", "rp", "html", "head", "body",
];

/// The post's text as paragraphs of escaped HTML, when html5ever's tokenizer finds
/// elements open more than [`TOKEN_DEPTH`] deep; `None` otherwise. Linear in the
/// length of `html`.
pub(super) fn plain_if_too_deep(html: &str) -> Option<String> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(Depth::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let depth = tokenizer.sink.0.into_inner();
    if depth.deepest <= TOKEN_DEPTH {
        return None;
    }
    let paragraphs: Vec<String> = depth
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("<p>{}</p>", quick_xml::escape::escape(l)))
        .collect();
    Some(paragraphs.join("\n"))
}

/// A token sink following the open elements as the tree builder would, closely
/// enough to bound its depth, and gathering the text.
#[derive(Default)]
struct Depth(RefCell<Open>);

#[derive(Default)]
struct Open {
    stack: Vec<LocalName>,
    /// How many of each name are in `stack`, so that a stray end tag costs nothing.
    count: HashMap<LocalName, usize>,
    deepest: usize,
    text: String,
}

impl TokenSink for Depth {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut open = self.0.borrow_mut();
        let tag = match token {
            Token::CharacterTokens(t) => {
                open.text.push_str(&t);
                return TokenSinkResult::Continue;
            }
            Token::TagToken(tag) => tag,
            _ => return TokenSinkResult::Continue,
        };
        let name: &str = &tag.name.clone();
        if BLOCKS.contains(&name) || name == "br" {
            open.text.push('\n');
        }
        if UNCOUNTED.contains(&name) {
            return TokenSinkResult::Continue;
        }
        match tag.kind {
            TagKind::StartTag => {
                *open.count.entry(tag.name.clone()).or_default() += 1;
                open.stack.push(tag.name);
                open.deepest = open.deepest.max(open.stack.len());
                match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                }
            }
            TagKind::EndTag => {
                if open.count.get(&tag.name).is_some_and(|&n| n > 0) {
                    while let Some(top) = open.stack.pop() {
                        if let Some(n) = open.count.get_mut(&top) {
                            *n -= 1;
                        }
                        if top == tag.name {
                            break;
                        }
                    }
                }
                TokenSinkResult::Continue
            }
        }
    }
}
