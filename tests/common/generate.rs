//! A generator of French interview-like corpora for tests and benchmarks (deterministic for a seed).
//!
//! Documents mix plain labelled transcripts and IRaMuTeQ texts with star variables, so that runs exercise
//! several readers, speaker roles and metadata groups.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const RESPONDENT: &[&str] = &[
    "Alors euh depuis qu'on a le nouveau logiciel, on gagne du temps sur les dossiers simples, c'est vrai.",
    "Moi je passe mes journées devant l'écran, je saisis, je valide, je saisis encore, c'est répétitif.",
    "On ne se voit plus entre collègues, chacun est dans son coin avec son ordinateur.",
    "Franchement, je ne me sens pas isolée, on a gardé la pause café le matin.",
    "Le travail n'a plus de sens quand on ne voit plus les usagers, on traite des flux.",
    "La dématérialisation des actes d'état civil a tout changé pour le service.",
    "On nous a proposé une formation de deux jours, mais l'accompagnement s'est arrêté là.",
    "Avec la réorganisation, on a fusionné deux services et les missions ont bougé.",
    "Il y a de nouveaux métiers, des chargés de projet numérique, des data analysts, des référents RGPD.",
    "Les usagers âgés sont perdus devant les démarches en ligne, il faut les accompagner au guichet.",
    "La charge de travail a augmenté, on a plus de mails, plus de sollicitations, on est débordés.",
    "Il fallait faire des économies, réduire les coûts d'impression et d'affranchissement.",
    "Le papier a presque disparu, on imprime moins, c'est mieux pour l'environnement.",
    "La collectivité voulait moderniser son image, passer au numérique, être une ville connectée.",
    "On ne fait que cliquer toute la journée, c'est du travail à la chaîne.",
    "Les relations avec les collègues se sont dégradées, il y a moins d'entraide.",
    "C'est plus efficace, les délais de traitement ont baissé de moitié en 2023.",
    "Je ne suis pas du tout contre le numérique, mais il faut du temps pour s'adapter.",
    "Bah euh (rires) on s'y fait, hein, on n'a pas le choix de toute façon.",
    "Le télétravail, c'est bien, mais on perd le lien avec l'équipe.",
    "Aujourd'hui j'ai l'impression d'être un presse-bouton, je ne décide plus rien.",
    "Les outils sont mal conçus, on ressaisit trois fois la même information, quelle perte de temps.",
    "On a eu 25 % de demandes en plus avec le portail citoyen, sans un poste de plus.",
    "Mon chef m'a dit : tu verras, ça va simplifier le travail. Bon, pas vraiment.",
];

const INTERVIEWER: &[&str] = &[
    "Est-ce que vous vous sentez isolée depuis la mise en place du logiciel ?",
    "Et la charge de travail, elle a évolué comment ?",
    "Pouvez-vous me parler de la formation que vous avez reçue ?",
    "Qu'est-ce qui a changé dans vos relations avec les collègues ?",
    "Diriez-vous que votre travail a perdu du sens ?",
    "D'accord. Et avec les usagers ?",
];

const ROLES: &[&str] = &[
    "agent_accueil",
    "rh",
    "dsi",
    "manager",
    "etat_civil",
    "secretaire_mairie",
];
const EMPLOYERS: &[&str] = &["commune", "departement", "region", "intercommunalite"];

#[path = "rng.rs"]
mod rng;
pub use rng::Rng;

/// The words of one respondent turn: 1 to 4 sentences.
fn respondent_turn(rng: &mut Rng, out: &mut String) {
    for i in 0..1 + rng.below(4) {
        if i > 0 {
            out.push(' ');
        }
        if rng.below(5) == 0 {
            out.push_str("Euh ");
        }
        out.push_str(rng.pick(RESPONDENT));
    }
}

/// A plain labelled interview of about `bytes` bytes.
pub fn plain_interview(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 512);
    let _ = writeln!(
        s,
        "Entretien réalisé en mairie, transcription anonymisée.\n"
    );
    while s.len() < bytes {
        let _ = writeln!(s, "Enquêtrice : {}", rng.pick(INTERVIEWER));
        s.push_str("Agent : ");
        respondent_turn(rng, &mut s);
        s.push('\n');
    }
    s
}

/// An IRaMuTeQ corpus of `texts` texts of about `bytes` bytes each, with star variables.
pub fn iramuteq_corpus(rng: &mut Rng, first_id: usize, texts: usize, bytes: usize) -> String {
    let mut s = String::new();
    for k in 0..texts {
        let _ = writeln!(
            s,
            "**** *id_gen{:06} *role_{} *employeur_{}",
            first_id + k,
            rng.pick(ROLES),
            rng.pick(EMPLOYERS)
        );
        let start = s.len();
        while s.len() - start < bytes {
            respondent_turn(rng, &mut s);
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

/// Writes a corpus of about `total_bytes` in `docs` documents under `dir`; returns the files written.
/// Two files in three are plain interviews, one in three an IRaMuTeQ file of four texts.
pub fn write_corpus(
    dir: &Path,
    docs: usize,
    total_bytes: usize,
    seed: u64,
) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let per_doc = (total_bytes / docs.max(1)).max(200);
    let mut files = Vec::new();
    let mut written = 0;
    let mut n = 0;
    while written < docs {
        let path;
        if n % 3 == 2 && docs - written >= 4 {
            path = dir.join(format!("gen{:06}_iramuteq.txt", n));
            std::fs::write(&path, iramuteq_corpus(&mut rng, written, 4, per_doc))?;
            written += 4;
        } else {
            path = dir.join(format!("gen{:06}.txt", n));
            std::fs::write(&path, plain_interview(&mut rng, per_doc))?;
            written += 1;
        }
        files.push(path);
        n += 1;
    }
    Ok(files)
}
