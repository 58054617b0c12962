// HEIC and AVIF decoding through libheif (HEVC through libde265, AV1 through dav1d or aom, as
// Debian builds it), which reports errors as values (no longjmp). The primary image is decoded
// with its irot, imir and clap transforms applied, as Photos and browsers show it; the header
// says so, so that an EXIF orientation in the file is not applied a second time.

#include "raster_internal.h"

#include <libheif/heif.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    struct heif_context *context;
    struct heif_image_handle *handle;
    uint8_t *icc;
    uint8_t *exif;
    size_t exif_allocated;
} heif_state;

/// The box of `type` among the boxes between `start` and `end`, or 0 when there is none; sets
/// `*box_end`. A box that runs past `end` stops the walk (the caller has checked the top level).
static size_t find_box(const uint8_t *data, size_t start, size_t end, const char *type, size_t *box_end) {
    size_t at = start;
    while (at + 8 <= end) {
        uint64_t size = (uint64_t)data[at] << 24 | (uint64_t)data[at + 1] << 16 | (uint64_t)data[at + 2] << 8 | data[at + 3];
        size_t header = 8;
        if (size == 1) {
            if (at + 16 > end) return 0;
            size = 0;
            for (int i = 8; i < 16; i++) size = size << 8 | data[at + i];
            header = 16;
        } else if (size == 0) {
            size = end - at;
        }
        if (size < header || size > end - at) return 0;
        if (memcmp(data + at + 4, type, 4) == 0) {
            *box_end = at + (size_t)size;
            return at + header;
        }
        at += (size_t)size;
    }
    return 0;
}

/// Walks the top-level boxes: one declaring more bytes than the file has left means the file
/// was cut off (libheif would report only the box it then misses). Returns the status, and the
/// sample count of an image sequence's first track (an animated AVIF or HEIF), 0 for none.
static pik_status check_boxes(pik_raster_decoder *decoder, int *samples) {
    const uint8_t *data = decoder->data;
    size_t size = decoder->size, at = 0;
    *samples = 0;
    while (at < size) {
        if (size - at < 8) break;
        uint64_t declared = (uint64_t)data[at] << 24 | (uint64_t)data[at + 1] << 16 | (uint64_t)data[at + 2] << 8 | data[at + 3];
        if (declared == 1 && size - at >= 16) {
            declared = 0;
            for (int i = 8; i < 16; i++) declared = declared << 8 | data[at + i];
        } else if (declared == 0) {
            declared = size - at;
        }
        if (declared < 8) break;
        if (declared > size - at) {
            decoder->position = size;
            return pik_raster_fail(decoder, PIK_TRUNCATED, "the '%.4s' box at byte %zu declares %llu bytes, and only %zu are left",
                                   (const char *)data + at + 4, at, (unsigned long long)declared, size - at);
        }
        at += (size_t)declared;
    }
    static const char *const path[] = {"moov", "trak", "mdia", "minf", "stbl", "stsz"};
    size_t start = 0, end = size;
    for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
        start = find_box(data, start, end, path[i], &end);
        if (start == 0) return PIK_OK;
    }
    if (end - start >= 12) {
        *samples = (int)((uint32_t)data[start + 8] << 24 | (uint32_t)data[start + 9] << 16 | (uint32_t)data[start + 10] << 8 |
                         data[start + 11]);
        if (*samples < 0) *samples = INT32_MAX;
    }
    return PIK_OK;
}

/// Every `ispe` (image spatial extents) property in the file's `meta`, which each coded item
/// (the primary image, its grid tiles, its alpha and depth planes, thumbnails) points to: each is
/// held to the limits before libheif allocates anything for one.
static pik_status check_item_sizes(pik_raster_decoder *decoder) {
    const uint8_t *data = decoder->data;
    size_t meta_end = 0, iprp_end = 0, ipco_end = 0, box_end = 0;
    size_t meta = find_box(data, 0, decoder->size, "meta", &meta_end);
    if (meta == 0 || meta_end - meta < 4) return PIK_OK;
    size_t iprp = find_box(data, meta + 4, meta_end, "iprp", &iprp_end);
    if (iprp == 0) return PIK_OK;
    size_t at = find_box(data, iprp, iprp_end, "ipco", &ipco_end);
    if (at == 0) return PIK_OK;
    for (size_t ispe; (ispe = find_box(data, at, ipco_end, "ispe", &box_end)) != 0; at = box_end) {
        if (box_end - ispe < 12) continue;
        const uint8_t *p = data + ispe + 4;
        uint32_t width = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        uint32_t height = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
        if (width == 0 || height == 0) continue;  // libheif says what is wrong with such an item
        pik_status status = pik_raster_check_size(decoder, width, height);
        if (status != PIK_OK) {
            decoder->position = ispe - 8;
            decoder->failure.offset = ispe - 8;
            return status;
        }
    }
    return PIK_OK;
}

/// The coded items the file's `iinf` lists, each held to the accepted codecs: the brand chose
/// HEIC or AVIF, and what decodes the pixels must be what was accepted (a file branded `avif`
/// holding HEVC would otherwise reach libde265 where only AVIF is taken). Items that are no
/// picture (Exif, XMP) or only arrange others (grid, iden, iovl) pass.
static pik_status check_item_codecs(pik_raster_decoder *decoder) {
    const uint8_t *data = decoder->data;
    size_t meta_end = 0, iinf_end = 0, infe_end = 0;
    size_t meta = find_box(data, 0, decoder->size, "meta", &meta_end);
    if (meta == 0 || meta_end - meta < 4) return PIK_OK;  // libheif says the file has no meta
    size_t iinf = find_box(data, meta + 4, meta_end, "iinf", &iinf_end);
    if (iinf == 0 || iinf_end - iinf < 6) return PIK_OK;
    size_t at = iinf + 4 + (data[iinf] == 0 ? 2 : 4);
    unsigned accepted = decoder->limits.heif_codecs;
    for (size_t infe; (infe = find_box(data, at, iinf_end, "infe", &infe_end)) != 0; at = infe_end) {
        uint8_t version = infe_end - infe >= 1 ? data[infe] : 0;
        if (version < 2) continue;  // versions 0 and 1 carry no item type
        size_t type_at = infe + 4 + (version == 2 ? 2 : 4) + 2;
        if (type_at + 4 > infe_end) continue;
        const char *type = (const char *)data + type_at;
        unsigned needs = memcmp(type, "hvc1", 4) == 0 ? PIK_HEIF_HEVC : memcmp(type, "av01", 4) == 0 ? PIK_HEIF_AV1 : 0;
        int arranging = memcmp(type, "grid", 4) == 0 || memcmp(type, "iden", 4) == 0 || memcmp(type, "iovl", 4) == 0;
        int metadata = memcmp(type, "Exif", 4) == 0 || memcmp(type, "mime", 4) == 0 || memcmp(type, "uri ", 4) == 0;
        if (arranging || metadata || (needs != 0 && (accepted & needs) != 0)) continue;
        decoder->position = infe - 8;
        return pik_raster_fail(decoder, PIK_UNSUPPORTED, "an item coded as '%.4s', which is not accepted here%s", type,
                               needs == PIK_HEIF_HEVC ? " (HEVC: HEIC is not accepted)"
                               : needs == PIK_HEIF_AV1 ? " (AV1: AVIF is not accepted)"
                                                       : "");
    }
    return PIK_OK;
}

static pik_status heif_failure(pik_raster_decoder *decoder, struct heif_error error, const char *what) {
    pik_status status;
    switch (error.code) {
    case heif_error_Memory_allocation_error: status = PIK_OUT_OF_MEMORY; break;
    case heif_error_Unsupported_feature:
    case heif_error_Unsupported_filetype: status = PIK_UNSUPPORTED; break;
    case heif_error_Usage_error: status = PIK_INTERNAL; break;
    default:
        status = error.subcode == heif_suberror_End_of_data              ? PIK_TRUNCATED
                 : error.subcode == heif_suberror_Security_limit_exceeded ? PIK_LIMIT
                                                                          : PIK_CORRUPT;
    }
    // libheif reads the whole buffer at once: it says where only in its words.
    decoder->position = PIK_OFFSET_UNKNOWN;
    pik_status result = pik_raster_fail(decoder, status, "%s: %s", what, error.message ? error.message : "libheif error");
    decoder->failure.library_code = (int)error.code * 10000 + (int)error.subcode;
    return result;
}

static void read_exif(pik_raster_decoder *decoder, heif_state *state) {
    heif_item_id id;
    if (heif_image_handle_get_list_of_metadata_block_IDs(state->handle, "Exif", &id, 1) < 1) return;
    size_t size = heif_image_handle_get_metadata_size(state->handle, id);
    if (size < 4 || size > (64u << 20)) return;
    uint8_t *block = malloc(size);
    if (block == NULL) return;
    struct heif_error error = heif_image_handle_get_metadata(state->handle, id, block);
    // The block starts with the offset of the TIFF header from the end of these four bytes.
    uint32_t offset = (uint32_t)block[0] << 24 | (uint32_t)block[1] << 16 | (uint32_t)block[2] << 8 | block[3];
    if (error.code != heif_error_Ok || offset > size - 4) {
        free(block);
        pik_raster_note(decoder, "an unreadable EXIF block was ignored");
        return;
    }
    state->exif = block;
    decoder->header.exif = block + 4 + offset;
    decoder->header.exif_length = size - 4 - offset;
}

// libheif's own process-wide set-up (its colour-conversion tables, and its decoder plugins
// where a distribution packages them so), which it wants done once before any use: without
// it, decodes on several threads at once can race in that set-up (libheif issue #950) and
// plugin decoders are not loaded (#909). Done once, never undone: it lives as long as the
// process, as the library expects of a program that keeps using it.
static pthread_once_t heif_once = PTHREAD_ONCE_INIT;
static void heif_start(void) { heif_init(NULL); }

static pik_status heif_read_header(pik_raster_decoder *decoder) {
    pthread_once(&heif_once, heif_start);
    heif_state *state = calloc(1, sizeof(heif_state));
    if (state == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    decoder->state = state;
    int samples = 0;
    if (check_boxes(decoder, &samples) != PIK_OK) return decoder->failure.status;
    if (check_item_sizes(decoder) != PIK_OK) return decoder->failure.status;
    if (check_item_codecs(decoder) != PIK_OK) return decoder->failure.status;
    state->context = heif_context_alloc();
    if (state->context == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    // Ours where they are tighter, never looser than libheif's own default (32768 a side).
    uint32_t side = decoder->limits.max_width > decoder->limits.max_height ? decoder->limits.max_width
                                                                           : decoder->limits.max_height;
    heif_context_set_maximum_image_size_limit(state->context, side > 32768 ? 32768 : (int)side);
    // One thread per decode: how many run at once is the caller's to bound (ProfileImageProcessor,
    // --jobs), which threads libheif started of its own for a grid's tiles would defeat.
    heif_context_set_max_decoding_threads(state->context, 0);
    struct heif_error error = heif_context_read_from_memory_without_copy(state->context, decoder->data, decoder->size, NULL);
    if (error.code != heif_error_Ok) return heif_failure(decoder, error, "container");
    error = heif_context_get_primary_image_handle(state->context, &state->handle);
    if (error.code != heif_error_Ok) return heif_failure(decoder, error, "primary image");
    struct heif_image_handle *handle = state->handle;
    pik_raster_header *header = &decoder->header;
    int width = heif_image_handle_get_width(handle), height = heif_image_handle_get_height(handle);
    int stored_width = heif_image_handle_get_ispe_width(handle), stored_height = heif_image_handle_get_ispe_height(handle);
    if (width <= 0 || height <= 0) return pik_raster_fail(decoder, PIK_CORRUPT, "the primary image is %dx%d", width, height);
    // The coded picture may be larger than the shown one (clap); it is what gets allocated.
    if (stored_width > 0 && stored_height > 0) {
        pik_status status = pik_raster_check_size(decoder, (uint64_t)stored_width, (uint64_t)stored_height);
        if (status != PIK_OK) return status;
    }
    header->width = (uint32_t)width;
    header->height = (uint32_t)height;
    header->channels = heif_image_handle_has_alpha_channel(handle) ? 4 : 3;
    int bits = heif_image_handle_get_luma_bits_per_pixel(handle);
    header->bit_depth = bits > 0 ? bits : 8;
    header->color_model = PIK_RASTER_MODEL_YCBCR;
    int images = heif_context_get_number_of_top_level_images(state->context);
    header->frames = samples > images ? samples : images;
    header->oriented_by_decoder = 1;
    enum heif_color_profile_type type = heif_image_handle_get_color_profile_type(handle);
    if (type == heif_color_profile_type_prof || type == heif_color_profile_type_rICC) {
        size_t size = heif_image_handle_get_raw_color_profile_size(handle);
        state->icc = size > 0 && size <= (64u << 20) ? malloc(size) : NULL;
        if (state->icc != NULL && heif_image_handle_get_raw_color_profile(handle, state->icc).code == heif_error_Ok) {
            header->icc = state->icc;
            header->icc_length = size;
        }
    }
    read_exif(decoder, state);
    return PIK_OK;
}

static pik_status heif_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride) {
    heif_state *state = decoder->state;
    int channels = decoder->header.channels;
    struct heif_decoding_options *options = heif_decoding_options_alloc();
    if (options == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    options->ignore_transformations = 0;
    options->convert_hdr_to_8bit = 1;
    options->strict_decoding = decoder->strict ? 1 : 0;
    struct heif_image *image = NULL;
    struct heif_error error = heif_decode_image(state->handle, &image, heif_colorspace_RGB,
                                                channels == 4 ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB,
                                                options);
    heif_decoding_options_free(options);
    if (error.code != heif_error_Ok) return heif_failure(decoder, error, "image data");
    // What libheif decoded past, when not strict (a missing alpha plane, a bad grid tile count):
    // the verdict says so rather than passing it over.
    struct heif_error warnings[4];
    int count = heif_image_get_decoding_warnings(image, 0, warnings, 4);
    for (int i = 0; i < count; i++) {
        char note[PIK_MESSAGE_CAPACITY];
        snprintf(note, sizeof note, "decoded despite: %s", warnings[i].message ? warnings[i].message : "a libheif warning");
        pik_raster_note(decoder, note);
    }
    int plane_stride = 0;
    const uint8_t *plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &plane_stride);
    uint32_t width = decoder->header.width, height = decoder->header.height;
    if (plane == NULL || heif_image_get_width(image, heif_channel_interleaved) != (int)width ||
        heif_image_get_height(image, heif_channel_interleaved) != (int)height || plane_stride < (int)(width * channels)) {
        heif_image_release(image);
        return pik_raster_fail(decoder, PIK_CORRUPT, "the decoded image does not have the size its header gives");
    }
    for (uint32_t y = 0; y < height; y++) {
        memcpy(pixels + (size_t)y * stride, plane + (size_t)y * (size_t)plane_stride, (size_t)width * (size_t)channels);
    }
    heif_image_release(image);
    return PIK_OK;
}

static void heif_destroy(pik_raster_decoder *decoder) {
    heif_state *state = decoder->state;
    if (state == NULL) return;
    if (state->handle != NULL) heif_image_handle_release(state->handle);
    if (state->context != NULL) heif_context_free(state->context);
    free(state->icc);
    free(state->exif);
    free(state);
}

static void heif_version(char *buffer, size_t capacity) {
    pthread_once(&heif_once, heif_start);
    snprintf(buffer, capacity, "libheif %s (HEVC: %s, AV1: %s)", heif_get_version(),
             heif_have_decoder_for_format(heif_compression_HEVC) ? "yes" : "no",
             heif_have_decoder_for_format(heif_compression_AV1) ? "yes" : "no");
}

const pik_raster_codec pik_heif_codec = {heif_read_header, heif_read_pixels, heif_destroy, heif_version};
