package dev.weft.net.http;

/**
 * A file uploaded in a {@code multipart/form-data} body, held in memory.
 *
 * @param field the form field name
 * @param fileName the file name the client gave, possibly empty
 * @param contentType the part's Content-Type, {@code application/octet-stream} if absent
 * @param content the file's bytes; do not modify
 */
public record UploadedFile(String field, String fileName, String contentType, byte[] content) {

    /**
     * Returns the file size.
     *
     * @return the number of content bytes
     */
    public int size() {
        return content.length;
    }
}
