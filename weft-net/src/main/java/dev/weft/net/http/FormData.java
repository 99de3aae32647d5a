package dev.weft.net.http;

import java.util.List;

/**
 * The fields and uploaded files of a form submission, from an {@code
 * application/x-www-form-urlencoded} or {@code multipart/form-data} body.
 *
 * @param fields the text fields
 * @param files the uploaded files, in body order
 */
public record FormData(Parameters fields, List<UploadedFile> files) {
    /** A form with no fields and no files. */
    public static final FormData EMPTY = new FormData(Parameters.EMPTY, List.of());

    /**
     * Returns the first uploaded file of a field.
     *
     * @param field the form field name
     * @return the file, or {@code null} if none was uploaded under that name
     */
    public UploadedFile file(String field) {
        for (UploadedFile file : files) {
            if (file.field().equals(field)) {
                return file;
            }
        }
        return null;
    }
}
