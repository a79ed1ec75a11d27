//! Folder and file creation that never overwrites what a user already has:
//! the demo writes into a folder of the user's choosing, so every write
//! checks first and refuses instead of replacing.

use std::io::Write as _;
use std::path::Path;

use crate::DemoError;

pub(crate) fn refuse_existing(dirs: &[&Path], files: &[&Path]) -> Result<(), DemoError> {
    for dir in dirs {
        refuse_non_empty(dir)?;
    }
    for file in files {
        if std::fs::symlink_metadata(file).is_ok() {
            return Err(DemoError::FileExists {
                path: file.to_path_buf(),
            });
        }
    }
    Ok(())
}

fn refuse_non_empty(dir: &Path) -> Result<(), DemoError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(DemoError::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|source| DemoError::Folder {
                path: dir.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(DemoError::NotEmpty {
                    path: dir.to_path_buf(),
                });
            }
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(DemoError::Folder {
                path: dir.to_path_buf(),
                source,
            });
        }
    }
    Ok(())
}

pub(crate) fn create_dir(path: &Path) -> Result<(), DemoError> {
    std::fs::create_dir_all(path).map_err(|source| DemoError::Folder {
        path: path.to_path_buf(),
        source,
    })
}

pub(crate) fn write_new(path: &Path, contents: &str) -> Result<(), DemoError> {
    let wrap = |source| DemoError::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    // `create_new` makes the existence check and the creation one step, so a
    // file that appeared in the meantime is still not overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(wrap)?;
    file.write_all(contents.as_bytes()).map_err(wrap)
}
