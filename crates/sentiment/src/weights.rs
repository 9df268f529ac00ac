//! The handful of global weights the scorer uses, fitted by [`crate::train`] and shipped in
//! `data/weights.json`.

use serde::{Deserialize, Serialize};

/// The fitted weights shipped with the crate.
pub const BUILTIN_WEIGHTS: &str = include_str!("../data/weights.json");

/// Global weights of the scoring rules. The defaults are VADER's constants; the shipped file
/// holds weights fitted on the development sets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Multiplier of positive word valences.
    pub pos: f32,
    /// Multiplier of negative word valences.
    pub neg: f32,
    /// Factor applied to a negated word (`not good`); negative flips it.
    pub negation: f32,
    /// Added to a word's strength per intensifier before it (`very`).
    pub booster: f32,
    /// Taken from a word's strength per hedge before it (`slightly`).
    pub hedge: f32,
    /// Factor applied after `less`, `fewer`, `least`.
    pub less: f32,
    /// Factor (negated) on a positive word right after `too` (`too generous`).
    pub excess: f32,
    /// Added to the strength of an all-capitals word in mixed-case text.
    pub caps: f32,
    /// Factor on words before a contrast word (`but`, `however`).
    pub contrast_before: f32,
    /// Factor on words after a contrast word.
    pub contrast_after: f32,
    /// Factor on words in a concessive clause (`although ...`, `despite ...`).
    pub concessive: f32,
    /// Emphasis per exclamation mark (up to four).
    pub exclaim: f32,
    /// Emphasis per question mark when there are several.
    pub question: f32,
    /// Valence added per negation word (up to three): negation itself leans negative.
    pub negation_tone: f32,
    /// Valence added per negative determiner, pronoun or adverb (`no`, `nothing`, `never`; up to three).
    pub neg_word_tone: f32,
    /// Valence added per marker of criticism (`should`, `why`, `instead`; up to three).
    pub critic_tone: f32,
    /// Valence added to a sentence with a question mark (rhetorical questions).
    pub question_tone: f32,
    /// Valence added to a sentence with a conditional (`if`, `unless`): mostly a warning.
    pub conditional_tone: f32,
    /// Squashing constant: `score = sum / sqrt(sum² + alpha)`.
    pub alpha: f32,
    /// Multiplier of the news supplement's valences.
    pub news: f32,
    /// Multiplier of the Pattern lexicon's valences.
    pub pattern: f32,
    /// Multiplier of valences found through a stripped suffix (`crimes` → `crime`).
    pub morph: f32,
    /// Multiplier of valences of capitalized words in mid-sentence (likely names).
    pub proper: f32,
    /// Multiplier of emoji and emoticon valences.
    pub emoji: f32,
    /// Weight of a neutral sentence (|score| < 0.05) in the document mean, relative to 1 for the others.
    pub neutral_weight: f32,
    /// How the document score grows with the number of sentences `n`: the mean summed valence is
    /// scaled by `n^(1 - length_power)` before squashing (1: a plain mean; 0.5: a consistent tone
    /// over several sentences adds up). Kept in [0.5, 1].
    pub length_power: f32,
    /// Factor on a word after a verb of reduction or prevention (`reduce crime`, `prevent
    /// deaths`, `cut benefits`): negative turns its valence around; 1 leaves it alone.
    pub reverse: f32,
    /// Factor on words after a modal of possibility in its clause (`could`, `might`, `may`).
    pub modal: f32,
    /// Weight of the sentence's strongest word added once more to its sum: raters judge a
    /// sentence by its most loaded word more than a plain sum does.
    pub peak: f32,
    /// How a sentence's sum shrinks with its length: multiplied by `(words / 15)^-word_norm`.
    pub word_norm: f32,
    /// How a sentence's sum shrinks with its number of scored words: `hits^-hit_norm`.
    pub hit_norm: f32,
    /// Multiplier of the WordNet expansion's valences (`data/wordnet_lexicon.tsv`).
    pub expanded: f32,
    /// Factor on positive words in a question without `!` (rhetorical praise).
    pub question_pos: f32,
    /// Factor on negative words in a question without `!`.
    pub question_neg: f32,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            pos: 1.0,
            neg: 1.0,
            negation: -0.74,
            booster: 0.293,
            hedge: 0.293,
            less: -0.5,
            excess: 0.5,
            caps: 0.733,
            contrast_before: 0.5,
            contrast_after: 1.5,
            concessive: 0.5,
            exclaim: 0.292,
            question: 0.18,
            negation_tone: 0.0,
            neg_word_tone: 0.0,
            critic_tone: 0.0,
            question_tone: 0.0,
            conditional_tone: 0.0,
            alpha: 15.0,
            news: 1.0,
            pattern: 0.7,
            morph: 0.7,
            proper: 0.3,
            emoji: 1.0,
            neutral_weight: 0.5,
            length_power: 0.5,
            reverse: 1.0,
            modal: 1.0,
            peak: 0.0,
            word_norm: 0.0,
            hit_norm: 0.0,
            expanded: 0.5,
            question_pos: 1.0,
            question_neg: 1.0,
        }
    }
}

impl Weights {
    /// The weights shipped with the crate (the defaults if that file were unreadable).
    pub fn builtin() -> Weights {
        serde_json::from_str(BUILTIN_WEIGHTS).unwrap_or_default()
    }

    /// Parses a weights file; missing fields take the defaults.
    pub fn from_json(src: &str) -> Result<Weights, serde_json::Error> {
        serde_json::from_str(src)
    }

    /// Mutable access to the fitted weights by index, in a fixed order (for the optimizer).
    pub(crate) fn params_mut(&mut self) -> [(&'static str, &mut f32); 34] {
        [
            ("pos", &mut self.pos),
            ("neg", &mut self.neg),
            ("negation", &mut self.negation),
            ("booster", &mut self.booster),
            ("hedge", &mut self.hedge),
            ("less", &mut self.less),
            ("excess", &mut self.excess),
            ("caps", &mut self.caps),
            ("contrast_before", &mut self.contrast_before),
            ("contrast_after", &mut self.contrast_after),
            ("concessive", &mut self.concessive),
            ("exclaim", &mut self.exclaim),
            ("question", &mut self.question),
            ("negation_tone", &mut self.negation_tone),
            ("neg_word_tone", &mut self.neg_word_tone),
            ("critic_tone", &mut self.critic_tone),
            ("question_tone", &mut self.question_tone),
            ("conditional_tone", &mut self.conditional_tone),
            ("alpha", &mut self.alpha),
            ("news", &mut self.news),
            ("pattern", &mut self.pattern),
            ("morph", &mut self.morph),
            ("proper", &mut self.proper),
            ("emoji", &mut self.emoji),
            ("neutral_weight", &mut self.neutral_weight),
            ("length_power", &mut self.length_power),
            ("reverse", &mut self.reverse),
            ("modal", &mut self.modal),
            ("peak", &mut self.peak),
            ("word_norm", &mut self.word_norm),
            ("hit_norm", &mut self.hit_norm),
            ("expanded", &mut self.expanded),
            ("question_pos", &mut self.question_pos),
            ("question_neg", &mut self.question_neg),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_parses() {
        let w: Weights = serde_json::from_str(BUILTIN_WEIGHTS).unwrap();
        assert!(w.alpha > 0.0);
        assert!(w.negation < 0.0);
    }
}
