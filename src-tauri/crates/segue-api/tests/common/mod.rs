//! Helpers shared by the API's integration tests.

use std::path::{Path, PathBuf};

/// A file of the repository: the real catalogue is `demo/spotify_songs.csv.gz`, the real
/// listening `tests/data/lastfm-hetrec2011/`.
pub fn repo_file(path: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(path);
    assert!(p.exists(), "{} is missing from the repository", p.display());
    p
}

/// Last.fm's listening (user_artists.dat gives artist ids; artists.dat names them) as an
/// artist-plays TSV (`listener_id, artist, plays`) written to `dir`; listeners are `lfm<id>`.
pub fn lastfm_artist_plays(dir: &Path) -> PathBuf {
    let names: std::collections::HashMap<String, String> = std::fs::read_to_string(repo_file("tests/data/lastfm-hetrec2011/artists.dat"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect();
    let mut tsv = String::from("listener_id\tartist\tplays\n");
    for l in std::fs::read_to_string(repo_file("tests/data/lastfm-hetrec2011/user_artists.dat")).unwrap().lines().skip(1) {
        let f: Vec<&str> = l.split('\t').collect();
        tsv.push_str(&format!("lfm{}\t\"{}\"\t{}\n", f[0], names[f[1]].replace('"', "\"\""), f[2]));
    }
    let path = dir.join("lastfm.tsv");
    std::fs::write(&path, tsv).unwrap();
    path
}
