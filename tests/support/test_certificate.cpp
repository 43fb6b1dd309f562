#include "support/test_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <stdexcept>

namespace bridge::test {
namespace {

void require(bool condition, const char* step) {
  if (!condition) {
    throw std::runtime_error(std::string("OpenSSL failed to ") + step);
  }
}

void add_extension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  require(extension != nullptr, "build a certificate extension");
  const int added = X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
  require(added == 1, "add a certificate extension");
}

}  // namespace

TestCertificate TestCertificate::generate_for_loopback() {
  TestCertificate result;
  result.key_.reset(EVP_EC_gen("P-256"));
  require(result.key_ != nullptr, "generate an EC P-256 key");

  result.certificate_.reset(X509_new());
  X509* certificate = result.certificate_.get();
  require(certificate != nullptr, "allocate a certificate");
  require(X509_set_version(certificate, 2) == 1, "set the certificate version");
  require(ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1) == 1, "set the serial number");
  require(X509_gmtime_adj(X509_getm_notBefore(certificate), -60) != nullptr, "set notBefore");
  require(X509_gmtime_adj(X509_getm_notAfter(certificate), 24 * 60 * 60) != nullptr,
          "set notAfter");
  require(X509_set_pubkey(certificate, result.key_.get()) == 1, "set the public key");

  X509_NAME* name = X509_get_subject_name(certificate);
  require(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1,
                                     0) == 1,
          "set the common name");
  require(X509_set_issuer_name(certificate, name) == 1, "set the issuer");

  add_extension(certificate, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(certificate, NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_extension(certificate, NID_subject_alt_name, "IP:127.0.0.1");

  require(X509_sign(certificate, result.key_.get(), EVP_sha256()) > 0, "sign the certificate");
  return result;
}

std::string TestCertificate::certificate_pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  require(bio != nullptr, "allocate a memory BIO");
  require(PEM_write_bio_X509(bio.get(), certificate_.get()) == 1, "write the certificate PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

void TestCertificate::write_certificate_pem(const std::string& path) const {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << certificate_pem();
  if (!file) {
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace bridge::test
