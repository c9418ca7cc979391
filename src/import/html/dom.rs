//! Helpers over html5ever's tree (markup5ever_rcdom).

use std::rc::Rc;

use htmd::Element;
use markup5ever_rcdom::{Node, NodeData};

/// The element's tag name; `None` for text, comments and the document.
pub(super) fn tag(node: &Rc<Node>) -> Option<String> {
    match &node.data {
        NodeData::Element { name, .. } => Some(name.local.to_string()),
        _ => None,
    }
}

/// The element or document holding `node`.
pub(super) fn parent(node: &Rc<Node>) -> Option<Rc<Node>> {
    let weak = node.parent.take();
    let up = weak.as_ref().and_then(std::rc::Weak::upgrade);
    node.parent.set(weak);
    up
}

/// The value of attribute `wanted` of an element.
pub(super) fn attr_of(node: &Rc<Node>, wanted: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == wanted)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// True when one of the element's classes contains `class`.
pub(super) fn has_class(node: &Rc<Node>, class: &str) -> bool {
    attr_of(node, "class").is_some_and(|c| c.split_whitespace().any(|x| x.contains(class)))
}

/// The first element `wanted` under `node`, in document order (recursive: the
/// tree is no deeper than [`super::depth::MAX_DEPTH`] by now).
pub(super) fn find(node: &Rc<Node>, wanted: &str) -> Option<Rc<Node>> {
    let children = node.children.borrow().clone();
    for child in &children {
        if tag(child).as_deref() == Some(wanted) {
            return Some(child.clone());
        }
        if let Some(found) = find(child, wanted) {
            return Some(found);
        }
    }
    None
}

/// Every element `wanted` under `node`, not looking inside a match.
pub(super) fn find_all(node: &Rc<Node>, wanted: &str, out: &mut Vec<Rc<Node>>) {
    let children = node.children.borrow().clone();
    for child in &children {
        if tag(child).as_deref() == Some(wanted) {
            out.push(child.clone());
        } else {
            find_all(child, wanted, out);
        }
    }
}

/// The value of attribute `wanted` of the element a handler was given.
pub(super) fn element_attr(e: &Element<'_>, wanted: &str) -> Option<String> {
    e.attrs
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
}
