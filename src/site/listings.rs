//! Lists of articles: pagination, "More in SECTION", "The Latest", and an
//! article's neighbours in its issue.

use super::Site;

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pager<'a> {
    /// 1-based page number.
    pub number: usize,
    /// How many pages the list has (at least 1).
    pub total: usize,
    /// The items on this page.
    pub items: &'a [usize],
    /// The site path of the list's first page (`/personages/`).
    pub first: String,
    /// This page's site path: `/personages/` or `/personages/page/2/`.
    pub path: String,
    /// The previous page's site path.
    pub previous: Option<String>,
    /// The next page's site path.
    pub next: Option<String>,
}

/// The site path of page `number` of the list at `first` (`/personages/`): page 1
/// is the list's own path, page N is `FIRST/page/N/`.
pub(crate) fn page_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// Splits `items` into pages of `per_page` (at least one page, even when empty).
pub(crate) fn paginate<'a>(first: &str, items: &'a [usize], per_page: usize) -> Vec<Pager<'a>> {
    let per_page = per_page.max(1);
    let total = items.len().div_ceil(per_page).max(1);
    (1..=total)
        .map(|number| {
            let start = (number - 1) * per_page;
            let end = (start + per_page).min(items.len());
            Pager {
                number,
                total,
                items: &items[start.min(items.len())..end],
                first: first.to_string(),
                path: page_path(first, number),
                previous: (number > 1).then(|| page_path(first, number - 1)),
                next: (number < total).then(|| page_path(first, number + 1)),
            }
        })
        .collect()
}

/// Up to `n` other articles of `article`'s section, newest first.
pub(crate) fn more_in_section(site: &Site, article: usize, n: usize) -> Vec<usize> {
    let section = &site.articles[article].article.section;
    site.section_index(section)
        .map(|s| {
            site.sections[s]
                .articles
                .iter()
                .copied()
                .filter(|&i| i != article)
                .take(n)
                .collect()
        })
        .unwrap_or_default()
}

/// Up to `n` of the newest articles other than `article`.
pub(crate) fn latest_excluding(site: &Site, article: usize, n: usize) -> Vec<usize> {
    (0..site.articles.len())
        .filter(|&i| i != article)
        .take(n)
        .collect()
}

/// An article's place in its issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IssueNeighbours {
    /// The article before it in the table of contents.
    pub previous: Option<usize>,
    /// The article after it.
    pub next: Option<usize>,
    /// The issue's other articles, in table-of-contents order.
    pub others: Vec<usize>,
}

/// Where `article` stands in its issue (empty when it has none).
pub(crate) fn issue_neighbours(site: &Site, article: usize) -> IssueNeighbours {
    let Some(number) = site.articles[article].article.issue else {
        return IssueNeighbours::default();
    };
    let Some(list) = site.issue_contents.get(&number) else {
        return IssueNeighbours::default();
    };
    let pos = list.iter().position(|&i| i == article);
    IssueNeighbours {
        previous: pos.and_then(|p| p.checked_sub(1)).map(|p| list[p]),
        next: pos.and_then(|p| list.get(p + 1).copied()),
        others: list.iter().copied().filter(|&i| i != article).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_boundaries() {
        let items: Vec<usize> = (0..21).collect();
        let pages = paginate("/s/", &items, 20);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].path, "/s/");
        assert_eq!(pages[1].path, "/s/page/2/");
        assert_eq!(pages[1].items, &[20]);
        assert_eq!(pages[1].previous.as_deref(), Some("/s/"));
        assert_eq!(paginate("/s/", &items[..20], 20).len(), 1);
        assert_eq!(paginate("/s/", &[], 20).len(), 1);
    }
}
