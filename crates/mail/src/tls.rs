//! TLS for the mail clients: the server's certificate is always verified, against the
//! public roots (webpki-roots) and, when configured, the PEM certificates of a private CA.

use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::MailError;

/// A client configuration trusting the public roots and the certificates in `extra_ca_pem`.
pub fn client_config(extra_ca_pem: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>, MailError> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for cert in extra_certificates(extra_ca_pem)? {
        roots.add(cert).map_err(|e| MailError::Config(format!("the CA certificate is not usable: {e}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| MailError::Config(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The certificates of a PEM file's text (none without one).
pub fn extra_certificates(pem: Option<&[u8]>) -> Result<Vec<CertificateDer<'static>>, MailError> {
    let Some(pem) = pem else { return Ok(Vec::new()) };
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| MailError::Config(format!("the CA file holds no readable PEM certificate: {e}")))?;
    if certs.is_empty() {
        return Err(MailError::Config("the CA file holds no PEM certificate".into()));
    }
    Ok(certs)
}
