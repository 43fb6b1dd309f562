#include "bridge/attio/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bridge::attio {

Expected<SecretFile, std::string> SecretFile::create(const std::string& path) {
  const int descriptor =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (descriptor < 0) {
    const int error = errno;
    if (error == EEXIST) {
      return make_unexpected(path +
                             ": the file already exists and is never overwritten, because "
                             "it may hold the only copy of an earlier secret; choose a new "
                             "path or move the file away");
    }
    return make_unexpected(path + ": cannot create the secret file: " + std::strerror(error));
  }
  // The umask can only clear bits, but set the mode again in case the file system ignores
  // the mode given to open.
  if (::fchmod(descriptor, S_IRUSR | S_IWUSR) != 0) {
    const int error = errno;
    ::close(descriptor);
    ::unlink(path.c_str());
    return make_unexpected(path + ": cannot set mode 0600: " + std::strerror(error));
  }
  return SecretFile(path, descriptor);
}

SecretFile::SecretFile(SecretFile&& other) noexcept
    : path_(std::move(other.path_)), descriptor_(other.descriptor_), written_(other.written_) {
  other.descriptor_ = -1;
}

SecretFile::~SecretFile() {
  if (descriptor_ < 0) {
    return;
  }
  ::close(descriptor_);
  if (!written_) {
    ::unlink(path_.c_str());
  }
}

Expected<bool, std::string> SecretFile::append(const std::string& secret) {
  const std::string line = secret + "\n";
  std::size_t offset = 0;
  while (offset < line.size()) {
    const ssize_t count = ::write(descriptor_, line.data() + offset, line.size() - offset);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_unexpected(path_ + ": cannot write the secret: " + std::strerror(errno));
    }
    offset += static_cast<std::size_t>(count);
    written_ = true;
  }
  if (::fsync(descriptor_) != 0) {
    return make_unexpected(path_ + ": cannot flush the secret to disk: " + std::strerror(errno));
  }
  return true;
}

}  // namespace bridge::attio
