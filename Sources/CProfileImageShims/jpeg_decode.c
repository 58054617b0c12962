// JPEG decoding through libjpeg-turbo. Every libjpeg call that can fail runs under a setjmp
// taken in the same function; error_exit and data-loss warnings longjmp back to it.

#include "CProfileImageShims.h"
#include "shim_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// jpeglib.h (through jconfig.h) decides which message codes jerror.h declares, so it goes first.
#include <jpeglib.h>
#include <jerror.h>

struct pik_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr error_manager;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    const uint8_t *data;
    size_t size;
    int strict;
    int max_scans;
    pik_diagnostic failure;
    pik_diagnostic first_warning;
    int warning_count;
    pik_diagnostic notes[PIK_MAX_NOTES];
    int note_count;
    unsigned char *icc;
    unsigned int icc_length;
    int convert_cmyk;
    int inverted_cmyk;
    int keep_ink;
    JSAMPARRAY cmyk_rows;  // from the image pool once, then reused by every read
};

static pik_jpeg_decoder *decoder_of(j_common_ptr cinfo) {
    // The decompress struct is the first member, so the decoder starts at the same address.
    return (pik_jpeg_decoder *)cinfo;
}

static size_t input_offset(const pik_jpeg_decoder *decoder) {
    const struct jpeg_source_mgr *source = decoder->cinfo.src;
    if (source == NULL) return 0;
    const uint8_t *next = source->next_input_byte;
    // After the end of data, jpeg_mem_src points at a private fake EOI marker.
    if (next >= decoder->data && next <= decoder->data + decoder->size) return (size_t)(next - decoder->data);
    return decoder->size;
}

static pik_status classify_error(int code) {
    switch (code) {
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        return PIK_TRUNCATED;
    case JERR_SOF_UNSUPPORTED:
    case JERR_BAD_PRECISION:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
        return PIK_UNSUPPORTED;
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
        return PIK_LIMIT;
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
        return PIK_OUT_OF_MEMORY;
    case JERR_BAD_STATE:
    case JERR_BAD_BUFFER_MODE:
        return PIK_INTERNAL;
    default:
        return PIK_CORRUPT;
    }
}

// Warnings that mean pixels are missing or invented. Others (unknown JFIF revision, odd Adobe
// transform code, a damaged ICC marker) leave the pixels intact and are ignored.
static pik_status classify_warning(int code) {
    switch (code) {
    case JWRN_JPEG_EOF:
        return PIK_TRUNCATED;
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_EXTRANEOUS_DATA:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_BOGUS_PROGRESSION:
    case JWRN_NOT_SEQUENTIAL:
        return PIK_CORRUPT;
    default:
        return PIK_OK;
    }
}

static void record(pik_jpeg_decoder *decoder, pik_diagnostic *into, pik_status status) {
    into->status = status;
    into->library_code = decoder->error_manager.msg_code;
    into->offset = input_offset(decoder);
    char buffer[JMSG_LENGTH_MAX];
    decoder->error_manager.format_message((j_common_ptr)&decoder->cinfo, buffer);
    pik_copy_message(into, buffer);
}

static void on_error_exit(j_common_ptr cinfo) {
    pik_jpeg_decoder *decoder = decoder_of(cinfo);
    pik_status status = classify_error(decoder->error_manager.msg_code);
    record(decoder, &decoder->failure, status);
    // "No image" after the data ran out is a truncation, not a malformed file.
    if (status == PIK_CORRUPT && decoder->first_warning.status == PIK_TRUNCATED) {
        decoder->failure.status = PIK_TRUNCATED;
    }
    longjmp(decoder->jump, 1);
}

// Bytes libjpeg skipped while looking for the next marker lose nothing when they lie between the
// header's segments (DQT, DHT, APPn, SOF...), before the first scan: every decoder skips them.
// Once a scan has started, skipped bytes follow entropy-coded data, before a restart marker, EOI,
// or the next scan's DHT or SOS: libjpeg stopped decoding that scan early, and they may have
// taken the place of its data.
static int is_slack_between_segments(const pik_jpeg_decoder *decoder) {
    if (decoder->error_manager.msg_code != JWRN_EXTRANEOUS_DATA) return 0;
    if (decoder->cinfo.input_scan_number != 0) return 0;
    int marker = decoder->error_manager.msg_parm.i[1];
    return !(marker >= 0xD0 && marker <= 0xD7) && marker != 0xD9;
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return; // trace messages
    pik_jpeg_decoder *decoder = decoder_of(cinfo);
    decoder->error_manager.num_warnings++;
    if (is_slack_between_segments(decoder)) {
        pik_diagnostic note;
        record(decoder, &note, PIK_OK);
        pik_add_note(decoder->notes, &decoder->note_count, &note);
        return;
    }
    pik_status status = classify_warning(decoder->error_manager.msg_code);
    if (status == PIK_OK) return;
    decoder->warning_count++;
    if (decoder->first_warning.status == PIK_OK) record(decoder, &decoder->first_warning, status);
    if (decoder->strict) {
        decoder->failure = decoder->first_warning;
        longjmp(decoder->jump, 1);
    }
}

static void on_output_message(j_common_ptr cinfo) {
    (void)cinfo; // libjpeg would print to stderr; messages travel in diagnostics instead.
}

static void on_progress(j_common_ptr cinfo) {
    pik_jpeg_decoder *decoder = decoder_of(cinfo);
    j_decompress_ptr dinfo = &decoder->cinfo;
    if (decoder->max_scans > 0 && dinfo->progressive_mode && dinfo->input_scan_number > decoder->max_scans) {
        decoder->failure.status = PIK_RESOURCE_LIMIT;
        decoder->failure.library_code = -1;
        decoder->failure.offset = input_offset(decoder);
        snprintf(decoder->failure.message, PIK_MESSAGE_CAPACITY,
                 "Progressive JPEG has more than %d scans", decoder->max_scans);
        longjmp(decoder->jump, 1);
    }
}

pik_jpeg_decoder *pik_jpeg_decoder_create(const uint8_t *data, size_t size, int strict, int max_scans) {
    pik_jpeg_decoder *decoder = calloc(1, sizeof(pik_jpeg_decoder));
    if (decoder == NULL) return NULL;
    decoder->data = data;
    decoder->size = size;
    decoder->strict = strict;
    decoder->max_scans = max_scans;
    decoder->cinfo.err = jpeg_std_error(&decoder->error_manager);
    decoder->error_manager.error_exit = on_error_exit;
    decoder->error_manager.emit_message = on_emit_message;
    decoder->error_manager.output_message = on_output_message;
    if (setjmp(decoder->jump)) {
        jpeg_destroy_decompress(&decoder->cinfo);
        free(decoder);
        return NULL;
    }
    jpeg_create_decompress(&decoder->cinfo);
    decoder->progress.progress_monitor = on_progress;
    decoder->cinfo.progress = &decoder->progress;
    jpeg_mem_src(&decoder->cinfo, data, (unsigned long)size);
    return decoder;
}

void pik_jpeg_decoder_destroy(pik_jpeg_decoder *decoder) {
    if (decoder == NULL) return;
    jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder->icc);
    free(decoder);
}

static pik_jpeg_color_space color_space_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return PIK_JPEG_CS_GRAY;
    case JCS_RGB: return PIK_JPEG_CS_RGB;
    case JCS_YCbCr: return PIK_JPEG_CS_YCBCR;
    case JCS_CMYK: return PIK_JPEG_CS_CMYK;
    case JCS_YCCK: return PIK_JPEG_CS_YCCK;
    default: return PIK_JPEG_CS_UNKNOWN;
    }
}

static void find_exif(const pik_jpeg_decoder *decoder, pik_jpeg_header *header) {
    static const uint8_t signature[6] = {'E', 'x', 'i', 'f', 0, 0};
    for (jpeg_saved_marker_ptr marker = decoder->cinfo.marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < sizeof signature) continue;
        if (memcmp(marker->data, signature, sizeof signature) != 0) continue;
        header->exif = marker->data + sizeof signature;
        header->exif_length = marker->data_length - sizeof signature;
        return;
    }
}

// The IJG (Annex K) luminance table that libjpeg scales for each quality, in natural order (as
// libjpeg keeps quantval).
static const unsigned int standard_luminance[DCTSIZE2] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
};

static int estimate_quality(const struct jpeg_decompress_struct *cinfo) {
    const JQUANT_TBL *table = cinfo->quant_tbl_ptrs[0];
    if (table == NULL) return 0;
    int best = 0;
    long best_distance = -1;
    for (int quality = 1; quality <= 100; quality++) {
        long scale = jpeg_quality_scaling(quality);
        long distance = 0;
        for (int i = 0; i < DCTSIZE2; i++) {
            // jpeg_add_quant_table's rounding and clamping, baseline (8-bit) limits.
            long value = ((long)standard_luminance[i] * scale + 50L) / 100L;
            if (value <= 0) value = 1;
            if (value > 255) value = 255;
            long difference = value - (long)table->quantval[i];
            distance += difference < 0 ? -difference : difference;
        }
        if (best_distance < 0 || distance < best_distance) {
            best_distance = distance;
            best = quality;
        }
    }
    return best;
}

pik_status pik_jpeg_read_header(pik_jpeg_decoder *decoder, pik_jpeg_header *header, pik_diagnostic *diagnostic) {
    memset(header, 0, sizeof *header);
    if (setjmp(decoder->jump)) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    jpeg_save_markers(&decoder->cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(&decoder->cinfo, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(&decoder->cinfo, TRUE);
    // A damaged ICC marker set is a metadata problem only: libjpeg warns and we carry no profile.
    if (jpeg_read_icc_profile(&decoder->cinfo, &decoder->icc, &decoder->icc_length)) {
        header->icc = decoder->icc;
        header->icc_length = decoder->icc_length;
    }
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    header->width = cinfo->image_width;
    header->height = cinfo->image_height;
    header->components = cinfo->num_components;
    header->color_space = color_space_of(cinfo->jpeg_color_space);
    header->progressive = cinfo->progressive_mode;
    header->arithmetic = cinfo->arith_code;
    header->saw_adobe_marker = cinfo->saw_Adobe_marker;
    header->adobe_transform = cinfo->Adobe_transform;
    header->luma_h_sampling = cinfo->comp_info[0].h_samp_factor;
    header->luma_v_sampling = cinfo->comp_info[0].v_samp_factor;
    if (cinfo->num_components > 1) {
        header->chroma_h_sampling = cinfo->comp_info[1].h_samp_factor;
        header->chroma_v_sampling = cinfo->comp_info[1].v_samp_factor;
    }
    find_exif(decoder, header);
    header->estimated_quality = estimate_quality(cinfo);
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

void pik_jpeg_keep_ink(pik_jpeg_decoder *decoder) { decoder->keep_ink = 1; }

pik_status pik_jpeg_start(pik_jpeg_decoder *decoder, int scale_eighths, uint32_t *width, uint32_t *height,
                          int *channels, pik_diagnostic *diagnostic) {
    if (setjmp(decoder->jump)) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    cinfo->scale_num = (unsigned int)scale_eighths;
    cinfo->scale_denom = 8;
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE:
        cinfo->out_color_space = JCS_GRAYSCALE;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        // libjpeg turns YCCK into CMYK; we turn CMYK into RGB row by row.
        cinfo->out_color_space = JCS_CMYK;
        decoder->convert_cmyk = !decoder->keep_ink;
        // Photoshop, and every Adobe-marked CMYK JPEG after it, stores inverted ink values.
        decoder->inverted_cmyk = cinfo->saw_Adobe_marker;
        break;
    default:
        cinfo->out_color_space = JCS_RGB;
        break;
    }
    jpeg_start_decompress(cinfo);
    *width = cinfo->output_width;
    *height = cinfo->output_height;
    *channels = decoder->convert_cmyk ? 3 : cinfo->output_components;
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

// Rounded a*b/255 for bytes, exact for all inputs.
static inline uint8_t multiply_255(unsigned a, unsigned b) {
    unsigned t = a * b + 128;
    return (uint8_t)((t + (t >> 8)) >> 8);
}

static void cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        unsigned c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
        if (!inverted) {
            c = 255 - c;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        rgb[0] = multiply_255(c, k);
        rgb[1] = multiply_255(m, k);
        rgb[2] = multiply_255(y, k);
        cmyk += 4;
        rgb += 3;
    }
}

enum { row_batch = 16 };

// Reads the next `count` rows (no more than remain) into pixels; the caller holds the setjmp.
static void read_rows(pik_jpeg_decoder *decoder, uint8_t *pixels, size_t stride, JDIMENSION count) {
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    JSAMPROW rows[row_batch];
    if (decoder->convert_cmyk && !decoder->cmyk_rows) {
        // Pool memory is released by jpeg_finish/abort/destroy, so a longjmp cannot leak it.
        decoder->cmyk_rows =
            cinfo->mem->alloc_sarray((j_common_ptr)cinfo, JPOOL_IMAGE, cinfo->output_width * 4, row_batch);
    }
    const JDIMENSION start = cinfo->output_scanline;
    const JDIMENSION end = start + count;
    while (cinfo->output_scanline < end) {
        JDIMENSION first = cinfo->output_scanline;
        JDIMENSION wanted = end - first;
        if (wanted > row_batch) wanted = row_batch;
        for (JDIMENSION i = 0; i < wanted; i++) {
            rows[i] = decoder->cmyk_rows ? decoder->cmyk_rows[i] : pixels + (size_t)(first - start + i) * stride;
        }
        JDIMENSION got = jpeg_read_scanlines(cinfo, rows, wanted);
        if (decoder->cmyk_rows) {
            for (JDIMENSION i = 0; i < got; i++) {
                cmyk_row_to_rgb(decoder->cmyk_rows[i], pixels + (size_t)(first - start + i) * stride,
                                cinfo->output_width, decoder->inverted_cmyk);
            }
        }
    }
}

pik_status pik_jpeg_read_pixels(pik_jpeg_decoder *decoder, uint8_t *pixels, size_t stride,
                                pik_diagnostic *diagnostic) {
    if (setjmp(decoder->jump)) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    read_rows(decoder, pixels, stride, cinfo->output_height - cinfo->output_scanline);
    jpeg_finish_decompress(cinfo);
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

pik_status pik_jpeg_read_rows(pik_jpeg_decoder *decoder, uint8_t *pixels, size_t stride, uint32_t count,
                              pik_diagnostic *diagnostic) {
    if (setjmp(decoder->jump)) {
        *diagnostic = decoder->failure;
        return decoder->failure.status;
    }
    struct jpeg_decompress_struct *cinfo = &decoder->cinfo;
    if (count > cinfo->output_height - cinfo->output_scanline) {
        count = cinfo->output_height - cinfo->output_scanline;
    }
    read_rows(decoder, pixels, stride, count);
    *diagnostic = (pik_diagnostic){.status = PIK_OK, .library_code = -1};
    return PIK_OK;
}

int pik_jpeg_warnings(const pik_jpeg_decoder *decoder, pik_diagnostic *first) {
    *first = decoder->first_warning;
    return decoder->warning_count;
}

int pik_jpeg_notes(const pik_jpeg_decoder *decoder, pik_diagnostic *notes, int capacity) {
    return pik_copy_notes(decoder->notes, decoder->note_count, notes, capacity);
}

#define PIK_STRINGIFY_VALUE(value) #value
#define PIK_STRINGIFY(value) PIK_STRINGIFY_VALUE(value)

const char *pik_jpeg_library_version(void) {
#ifdef LIBJPEG_TURBO_VERSION
    return PIK_STRINGIFY(LIBJPEG_TURBO_VERSION);
#else
    return "unknown";
#endif
}
