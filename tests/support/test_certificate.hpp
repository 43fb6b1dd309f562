#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace bridge::test {

// A self-signed certificate for 127.0.0.1 with its EC P-256 key, generated in memory with
// OpenSSL, valid for one day. Tests use it both as the server certificate and as the CA
// file the client trusts.
class TestCertificate {
 public:
  // Generates a new key and certificate; throws std::runtime_error when OpenSSL fails.
  static TestCertificate generate_for_loopback();

  X509* certificate() const { return certificate_.get(); }
  EVP_PKEY* private_key() const { return key_.get(); }

  // Returns the certificate in PEM form.
  std::string certificate_pem() const;

  // Writes the certificate in PEM form to `path`; throws std::runtime_error on failure.
  void write_certificate_pem(const std::string& path) const;

 private:
  struct X509Deleter {
    void operator()(X509* certificate) const { X509_free(certificate); }
  };
  struct KeyDeleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
  };

  std::unique_ptr<X509, X509Deleter> certificate_;
  std::unique_ptr<EVP_PKEY, KeyDeleter> key_;
};

}  // namespace bridge::test
