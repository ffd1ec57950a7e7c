//! French stopwords.
//!
//! MINIMAL version; issue 3 embeds the Snowball list with its notice.

use std::collections::HashSet;

/// A set of stopwords (normalised forms).
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    words: HashSet<String>,
}

impl Stopwords {
    /// The built-in French list.
    pub fn french() -> Stopwords {
        let words = "au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y été est être ai a"
            .split_whitespace()
            .map(str::to_string)
            .collect();
        Stopwords { words }
    }

    pub fn contains(&self, norm: &str) -> bool {
        self.words.contains(norm)
    }
}
