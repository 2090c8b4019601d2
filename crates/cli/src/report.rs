//! The files a run leaves: the CSV report, which holds the generated passwords (created new, never
//! over an earlier report, readable by its owner only: mode 0600 on Unix), and the saved outcomes
//! (no password) that let a second run of the same file skip what is done.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use mimecast_sso_core::provisioning::SavedOutcome;

/// A report file, created and empty, to be written once the run ends.
#[derive(Debug)]
pub struct ReportFile {
    path: PathBuf,
    file: File,
}

impl ReportFile {
    /// Creates `path`, readable and writable by its owner only. Fails when it exists: an earlier
    /// report may hold the only copy of its run's generated passwords.
    pub fn create(path: &Path) -> Result<Self, FileError> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(path)
            .map_err(|error| FileError::report(path, &error))?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Checks, before anything is sent, that [`ReportFile::create`] will not refuse `path` because
    /// it exists.
    pub fn check_free(path: &Path) -> Result<(), FileError> {
        if path.exists() {
            return Err(FileError::report(
                path,
                &io::Error::from(io::ErrorKind::AlreadyExists),
            ));
        }
        Ok(())
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the report and closes the file.
    pub fn write(mut self, text: &str) -> Result<PathBuf, FileError> {
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_all())
            .map_err(|error| FileError::new(&self.path, &error))?;
        Ok(self.path)
    }
}

/// The saved outcomes of `path`, when it exists (`None` when it does not).
pub fn read_saved(path: &Path) -> Result<Option<Vec<SavedOutcome>>, FileError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(FileError::new(path, &error)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|error| FileError {
            path: path.to_path_buf(),
            reason: format!("not a file of saved outcomes (JSON): {error}"),
        })
}

/// Writes `saved` to `path` (replacing it), as JSON.
pub fn write_saved(path: &Path, saved: &[SavedOutcome]) -> Result<(), FileError> {
    let json = serde_json::to_vec(saved).map_err(|error| FileError {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    std::fs::write(path, json).map_err(|error| FileError::new(path, &error))
}

/// A file that could not be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

impl FileError {
    /// `path` and what the operating system said.
    pub fn new(path: &Path, error: &io::Error) -> Self {
        Self {
            path: path.to_path_buf(),
            reason: error.to_string(),
        }
    }

    fn report(path: &Path, error: &io::Error) -> Self {
        if error.kind() == io::ErrorKind::AlreadyExists {
            return Self {
                path: path.to_path_buf(),
                reason: "exists already: an earlier report may hold the only copy of its \
                         generated passwords; move it away or give another --report"
                    .to_owned(),
            };
        }
        Self::new(path, error)
    }
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for FileError {}

#[cfg(test)]
mod tests {
    use mimecast_sso_core::provisioning::Outcome;

    use super::*;

    fn dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("mimecast-sso-report-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        dir
    }

    #[test]
    fn the_report_is_written_readable_by_its_owner_only() {
        let dir = dir("mode");
        let path = dir.join("report.csv");
        ReportFile::check_free(&path).expect("free");
        let report = ReportFile::create(&path).expect("create");
        assert_eq!(report.path(), path);
        report.write("line,email\r\n").expect("write");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "line,email\r\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn an_existing_report_is_never_overwritten() {
        let dir = dir("exists");
        let path = dir.join("report.csv");
        std::fs::write(&path, "earlier passwords").expect("write");
        let refused = ReportFile::check_free(&path).expect_err("exists");
        assert!(refused.reason.starts_with("exists already"));
        let refused = ReportFile::create(&path).expect_err("exists");
        assert!(refused.to_string().contains("another --report"));
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "earlier passwords"
        );
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn saved_outcomes_round_trip_and_a_missing_file_is_none() {
        let dir = dir("saved");
        let path = dir.join("saved.json");
        assert_eq!(read_saved(&path), Ok(None));
        let saved = vec![SavedOutcome {
            line: 2,
            email_address: "a@example.com".into(),
            outcome: Outcome::Created,
            code: None,
            message: None,
        }];
        write_saved(&path, &saved).expect("write");
        assert_eq!(read_saved(&path), Ok(Some(saved)));
        std::fs::write(&path, "not json").expect("write");
        let refused = read_saved(&path).expect_err("not json");
        assert!(refused.reason.starts_with("not a file of saved outcomes"));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
