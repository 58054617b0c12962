// CProfileImageShims: the only code that talks to the codec libraries (libjpeg, libpng, libwebp,
// libheif, giflib, libtiff; BMP is read here).
//
// Both libraries report fatal errors by longjmp. Every setjmp lives in this target, and no
// longjmp ever leaves it: each entry point below returns a status and fills a diagnostic that
// Swift turns into a typed error. Swift never sees a libjpeg or libpng type.
//
// Every exported symbol carries the `pik_` prefix.

#ifndef C_PROFILE_IMAGE_SHIMS_H
#define C_PROFILE_IMAGE_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a shim call. Stable values: Swift maps them to error codes.
typedef enum {
    PIK_OK = 0,
    /// The data ends before the image is complete (premature EOF, missing EOI/IEND).
    PIK_TRUNCATED = 1,
    /// The data is malformed: bad markers, bad Huffman/deflate data, impossible headers.
    PIK_CORRUPT = 2,
    /// A CRC or Adler-32 check failed.
    PIK_BAD_CHECKSUM = 3,
    /// A valid file using a feature this build cannot decode (lossless JPEG, 12-bit, ...).
    PIK_UNSUPPORTED = 4,
    /// The image is wider or taller than the configured or the library's own limit.
    PIK_LIMIT = 5,
    /// The library could not allocate memory.
    PIK_OUT_OF_MEMORY = 6,
    /// Misuse of the library or an encoder failure: a bug, never the input's fault.
    PIK_INTERNAL = 7,
    /// Decoding would take more than a configured bound (progressive scan count).
    PIK_RESOURCE_LIMIT = 8,
} pik_status;

#define PIK_MESSAGE_CAPACITY 200

/// What went wrong, in the library's own words, and where.
typedef struct {
    pik_status status;
    /// libjpeg's msg_code, or -1 where the library has no codes (libpng).
    int library_code;
    /// Input bytes consumed when the problem was found (an upper bound for buffered reads).
    size_t offset;
    char message[PIK_MESSAGE_CAPACITY];
} pik_diagnostic;

// MARK: - JPEG decoding (libjpeg-turbo)

typedef enum {
    PIK_JPEG_CS_UNKNOWN = 0,
    PIK_JPEG_CS_GRAY = 1,
    PIK_JPEG_CS_RGB = 2,
    PIK_JPEG_CS_YCBCR = 3,
    PIK_JPEG_CS_CMYK = 4,
    PIK_JPEG_CS_YCCK = 5,
} pik_jpeg_color_space;

typedef struct {
    uint32_t width;
    uint32_t height;
    int components;
    pik_jpeg_color_space color_space;
    int progressive;
    int arithmetic;
    int saw_adobe_marker;
    int adobe_transform;
    /// Sampling factors of the first (luma) and second (chroma) components: luma 2x2 over
    /// chroma 1x1 is 4:2:0, 2x1 over 1x1 is 4:2:2, equal factors are 4:4:4.
    int luma_h_sampling;
    int luma_v_sampling;
    int chroma_h_sampling;
    int chroma_v_sampling;
    /// TIFF payload of the first APP1 "Exif\0\0" marker; owned by the decoder.
    const uint8_t *exif;
    size_t exif_length;
    /// ICC profile reassembled from APP2 markers; owned by the decoder.
    const uint8_t *icc;
    size_t icc_length;
    /// The IJG quality (1...100) whose luminance table is nearest the first quantisation table,
    /// the way ImageMagick and jpegtran estimate it; 0 when there is no such table.
    int estimated_quality;
} pik_jpeg_header;

typedef struct pik_jpeg_decoder pik_jpeg_decoder;

/// Creates a decoder over `data`, which must outlive the decoder. `strict` turns libjpeg's
/// data-loss warnings (premature end, corrupt data) into errors. `max_scans` bounds the scans
/// of a progressive image (0 = unbounded). Returns NULL when out of memory.
pik_jpeg_decoder *pik_jpeg_decoder_create(const uint8_t *data, size_t size, int strict, int max_scans);
void pik_jpeg_decoder_destroy(pik_jpeg_decoder *decoder);

/// Reads the markers up to the first scan. Allocates nothing proportional to the image.
pik_status pik_jpeg_read_header(pik_jpeg_decoder *decoder, pik_jpeg_header *header, pik_diagnostic *diagnostic);

/// Makes a CMYK or YCCK image decode to 4 channels of ink as stored (Adobe-inverted when the
/// file has an Adobe marker), for a colour-managed conversion later, instead of RGB by the naive
/// formula. Call before pik_jpeg_start.
void pik_jpeg_keep_ink(pik_jpeg_decoder *decoder);

/// Starts decompression at `scale_eighths`/8 of full size (1...8) and reports the output size.
/// Output is 1 channel for greyscale, 3 (RGB) for everything else; CMYK and YCCK are converted
/// (or 4 channels of ink after pik_jpeg_keep_ink).
pik_status pik_jpeg_start(pik_jpeg_decoder *decoder, int scale_eighths, uint32_t *width, uint32_t *height,
                          int *channels, pik_diagnostic *diagnostic);

/// Decodes every row not read yet into `pixels` (rows `stride` bytes apart) and reads through
/// EOI. A stride of 0 decodes every row into the same single row: a full check of the data in
/// O(width) memory.
pik_status pik_jpeg_read_pixels(pik_jpeg_decoder *decoder, uint8_t *pixels, size_t stride,
                                pik_diagnostic *diagnostic);

/// Decodes the next `count` rows (fewer if fewer remain) into `pixels`, rows `stride` bytes
/// apart: for callers that consume the image a band of rows at a time. pik_jpeg_read_pixels then
/// decodes whatever rows remain and reads through EOI.
pik_status pik_jpeg_read_rows(pik_jpeg_decoder *decoder, uint8_t *pixels, size_t stride, uint32_t count,
                              pik_diagnostic *diagnostic);

/// The first data-loss warning seen (status PIK_OK if none) and how many warnings there were.
int pik_jpeg_warnings(const pik_jpeg_decoder *decoder, pik_diagnostic *first);

/// How many notes a decoder keeps: harmless slack it saw and skipped, losing no pixel.
#define PIK_MAX_NOTES 4

/// The notes of harmless slack the decoder met (extraneous bytes between segments): copies up
/// to `capacity` of them into `notes` and returns how many there were in all.
int pik_jpeg_notes(const pik_jpeg_decoder *decoder, pik_diagnostic *notes, int capacity);

/// The libjpeg-turbo version the shim was built against, e.g. "2.1.5" (libjpeg has no run-time query).
const char *pik_jpeg_library_version(void);

// MARK: - PNG decoding (libpng)

typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;
    /// PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
    int color_type;
    int interlaced;
    int has_transparency_chunk;
    /// Channels of the decoded 8-bit output: 1 (opaque grey), 3 (RGB) or 4 (RGBA).
    int channels;
    const uint8_t *icc;
    size_t icc_length;
    const uint8_t *exif;
    size_t exif_length;
} pik_png_header;

typedef struct pik_png_decoder pik_png_decoder;

/// Creates a decoder over `data`, which must outlive the decoder. `strict` makes CRC errors in
/// ancillary chunks fatal too. Width and height above the limits are refused in IHDR.
pik_png_decoder *pik_png_decoder_create(const uint8_t *data, size_t size, int strict, uint32_t max_width,
                                        uint32_t max_height);
void pik_png_decoder_destroy(pik_png_decoder *decoder);

/// Reads every chunk before the first IDAT and configures 8-bit grey, RGB or RGBA output.
pik_status pik_png_read_header(pik_png_decoder *decoder, pik_png_header *header, pik_diagnostic *diagnostic);

/// Decodes every row not read yet (all Adam7 passes of an interlaced image) into `pixels` and
/// reads through IEND. A stride of 0 decodes every row into the same single row: a full check of
/// the data in O(width) memory.
pik_status pik_png_read_pixels(pik_png_decoder *decoder, uint8_t *pixels, size_t stride,
                               pik_diagnostic *diagnostic);

/// Decodes the next `count` rows (fewer if fewer remain) of a non-interlaced image into
/// `pixels`, rows `stride` bytes apart, for callers that consume it a band at a time (an
/// interlaced one is PIK_INTERNAL: libpng must deinterlace it whole). pik_png_read_pixels then
/// decodes whatever rows remain and reads through IEND.
pik_status pik_png_read_rows(pik_png_decoder *decoder, uint8_t *pixels, size_t stride, uint32_t count,
                             pik_diagnostic *diagnostic);

/// The notes of what the decoder met that loses no pixel (an ICC profile libpng finds odd, say):
/// copies up to `capacity` into `notes` and returns how many there were in all. Malformed
/// ancillary chunks are not notes: the strict policy refuses them, the tolerant one notes them.
int pik_png_notes(const pik_png_decoder *decoder, pik_diagnostic *notes, int capacity);

/// The version of the libpng loaded at run time, e.g. "1.6.39".
const char *pik_png_library_version(void);

// MARK: - Other raster formats: WebP (libwebp), HEIF/AVIF (libheif), GIF (giflib), TIFF (libtiff), BMP

/// The formats behind the one raster entry point below.
typedef enum {
    PIK_RASTER_WEBP = 1,
    PIK_RASTER_HEIF = 2,
    PIK_RASTER_GIF = 3,
    PIK_RASTER_TIFF = 4,
    PIK_RASTER_BMP = 5,
} pik_raster_format;

/// How the data is stored, for ImageInfo's colour model.
typedef enum {
    PIK_RASTER_MODEL_RGB = 0,
    PIK_RASTER_MODEL_GRAY = 1,
    PIK_RASTER_MODEL_PALETTE = 2,
    PIK_RASTER_MODEL_YCBCR = 3,
    PIK_RASTER_MODEL_CMYK = 4,
} pik_raster_model;

typedef struct {
    /// The size of the picture the decoder produces: the first frame's canvas (GIF, WebP), the
    /// first page (TIFF), the primary image after its irot/imir/clap transforms (HEIF).
    uint32_t width;
    uint32_t height;
    /// Channels of the decoded 8-bit output: 1 (grey), 3 (RGB) or 4 (RGBA, straight alpha).
    int channels;
    /// Bits per channel as stored.
    int bit_depth;
    pik_raster_model color_model;
    /// Frames, pages or top-level images the file declares, as far as the header shows (a GIF's
    /// are counted by pik_raster_read_pixels, see pik_raster_frame_count).
    int frames;
    /// The container's own orientation (TIFF's Orientation tag), 1...8; 0 when it has none.
    int orientation;
    /// 1 when the decoder has already turned the picture upright (HEIF applies irot and imir):
    /// an EXIF orientation in the file must then not be applied again.
    int oriented_by_decoder;
    /// Lossless coding (WebP VP8L), for the record.
    int lossless;
    /// The ICC profile; owned by the decoder.
    const uint8_t *icc;
    size_t icc_length;
    /// The EXIF payload as a TIFF structure (any "Exif\0\0" or HEIF offset prefix removed);
    /// owned by the decoder.
    const uint8_t *exif;
    size_t exif_length;
} pik_raster_header;

/// The codecs a HEIF file's coded items may use (pik_raster_limits.heif_codecs).
#define PIK_HEIF_HEVC 1u
#define PIK_HEIF_AV1 2u

typedef struct {
    uint32_t max_width;
    uint32_t max_height;
    uint64_t max_pixels;
    /// HEIF only: PIK_HEIF_HEVC and/or PIK_HEIF_AV1, the codecs an item may be coded with
    /// (accepting HEIC and accepting AVIF); an item of any other codec, or of one left out, is
    /// refused before libheif reads the file. 0 accepts none.
    unsigned heif_codecs;
} pik_raster_limits;

typedef struct pik_raster_decoder pik_raster_decoder;

/// Creates a decoder of `format` over `data`, which must outlive the decoder. `strict` makes
/// damage a library would paper over an error. Returns NULL when out of memory.
pik_raster_decoder *pik_raster_decoder_create(pik_raster_format format, const uint8_t *data, size_t size,
                                              const pik_raster_limits *limits, int strict);
void pik_raster_decoder_destroy(pik_raster_decoder *decoder);

/// Reads the headers. Allocates nothing proportional to the picture; refuses sizes above the
/// limits (PIK_LIMIT) before any pixel memory.
pik_status pik_raster_read_header(pik_raster_decoder *decoder, pik_raster_header *header, pik_diagnostic *diagnostic);

/// Decodes the picture the header describes into `pixels` (height rows `stride` bytes apart, of
/// header.channels 8-bit channels), top row first, in stored orientation, and reads the rest of
/// the file as far as its format allows checking it (a GIF's later frames, a WebP's chunks).
pik_status pik_raster_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride,
                                  pik_diagnostic *diagnostic);

/// Frames or pages in the file, once pik_raster_read_pixels has read it through.
int pik_raster_frame_count(const pik_raster_decoder *decoder);

/// Harmless things the decoder met (library warnings): copies up to `capacity` into `notes` and
/// returns how many there were in all.
int pik_raster_notes(const pik_raster_decoder *decoder, pik_diagnostic *notes, int capacity);

/// The library behind `format` and its version, e.g. "libwebp 1.2.4", into `buffer`.
void pik_raster_library_version(pik_raster_format format, char *buffer, size_t capacity);

// MARK: - Encoding

/// Pixel layouts the encoders take: 1 grey, 3 RGB, 4 RGBA (PNG) or RGBX (JPEG ignores the 4th byte).
typedef struct {
    const uint8_t *pixels;
    uint32_t width;
    uint32_t height;
    int channels;
    size_t stride;
} pik_pixels;

typedef struct {
    int quality;
    /// 0: 4:2:0, 1: 4:2:2, 2: 4:4:4. Ignored for greyscale.
    int subsampling;
    int progressive;
    int optimize_coding;
    /// Written as APP2 markers when non-NULL.
    const uint8_t *icc;
    size_t icc_length;
    /// A TIFF-structured EXIF payload written as APP1 "Exif\0\0" when non-NULL.
    const uint8_t *exif;
    size_t exif_length;
    /// For tests of the error path: fail as if out of memory once the output would grow past
    /// this many bytes. 0: never.
    size_t fail_after_bytes;
} pik_jpeg_settings;

/// Encodes a JPEG into a buffer the caller releases with pik_free.
pik_status pik_jpeg_encode(const pik_pixels *image, const pik_jpeg_settings *settings, uint8_t **output,
                           size_t *output_length, pik_diagnostic *diagnostic);

typedef struct {
    /// zlib level 0...9.
    int compression_level;
    const uint8_t *icc;
    size_t icc_length;
    const uint8_t *exif;
    size_t exif_length;
    /// For tests of the error path: fail as if out of memory once the output would grow past
    /// this many bytes. 0: never.
    size_t fail_after_bytes;
} pik_png_settings;

/// Encodes a PNG (8-bit grey, RGB or RGBA) into a buffer the caller releases with pik_free.
pik_status pik_png_encode(const pik_pixels *image, const pik_png_settings *settings, uint8_t **output,
                          size_t *output_length, pik_diagnostic *diagnostic);

/// Releases a buffer returned by an encoder.
void pik_free(void *buffer);

#ifdef __cplusplus
}
#endif

#endif
