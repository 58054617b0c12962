// WebP decoding through libwebp and its demuxer, which report errors by return codes (no
// longjmp). The demuxer checks the whole RIFF structure (every chunk complete) before anything is
// decoded; an animation's first frame is composited by WebPAnimDecoder, as a browser shows it.

#include "raster_internal.h"

#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>

typedef struct {
    WebPDemuxer *demux;
    WebPData data;
    int animated;
} webp_state;

static const char *status_text(VP8StatusCode status) {
    switch (status) {
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data";
    default: return "decoding failed";
    }
}

static pik_status webp_failure(pik_raster_decoder *decoder, VP8StatusCode code, const char *what) {
    pik_status status = code == VP8_STATUS_NOT_ENOUGH_DATA        ? PIK_TRUNCATED
                        : code == VP8_STATUS_OUT_OF_MEMORY        ? PIK_OUT_OF_MEMORY
                        : code == VP8_STATUS_UNSUPPORTED_FEATURE ? PIK_UNSUPPORTED
                                                                  : PIK_CORRUPT;
    pik_status result = pik_raster_fail(decoder, status, "%s: %s", what, status_text(code));
    decoder->failure.library_code = (int)code;
    return result;
}

static void keep_chunk(webp_state *state, const char *fourcc, const uint8_t **bytes, size_t *length) {
    WebPChunkIterator chunk;
    if (!WebPDemuxGetChunk(state->demux, fourcc, 1, &chunk)) return;
    *bytes = chunk.chunk.bytes;
    *length = chunk.chunk.size;
    WebPDemuxReleaseChunkIterator(&chunk);
}

static pik_status webp_read_header(pik_raster_decoder *decoder) {
    webp_state *state = calloc(1, sizeof(webp_state));
    if (state == NULL) return pik_raster_fail(decoder, PIK_OUT_OF_MEMORY, "out of memory");
    decoder->state = state;
    state->data = (WebPData){.bytes = decoder->data, .size = decoder->size};
    // libwebp parses the buffer whole and says nothing of where it stopped.
    decoder->position = PIK_OFFSET_UNKNOWN;
    WebPDemuxState parsed = WEBP_DEMUX_PARSE_ERROR;
    state->demux = WebPDemuxPartial(&state->data, &parsed);
    if (parsed == WEBP_DEMUX_PARSE_ERROR || (state->demux == NULL && parsed != WEBP_DEMUX_PARSING_HEADER)) {
        return pik_raster_fail(decoder, PIK_CORRUPT, "the RIFF container or a chunk header is malformed");
    }
    if (parsed != WEBP_DEMUX_DONE) {
        return pik_raster_fail(decoder, PIK_TRUNCATED, "the data ends inside %s",
                               parsed == WEBP_DEMUX_PARSING_HEADER ? "the header" : "a chunk");
    }
    uint32_t flags = WebPDemuxGetI(state->demux, WEBP_FF_FORMAT_FLAGS);
    pik_raster_header *header = &decoder->header;
    header->width = WebPDemuxGetI(state->demux, WEBP_FF_CANVAS_WIDTH);
    header->height = WebPDemuxGetI(state->demux, WEBP_FF_CANVAS_HEIGHT);
    header->frames = (int)WebPDemuxGetI(state->demux, WEBP_FF_FRAME_COUNT);
    header->bit_depth = 8;
    header->color_model = PIK_RASTER_MODEL_RGB;
    state->animated = (flags & ANIMATION_FLAG) != 0;
    WebPIterator frame;
    if (!WebPDemuxGetFrame(state->demux, 1, &frame)) return pik_raster_fail(decoder, PIK_CORRUPT, "the file holds no frame");
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(frame.fragment.bytes, frame.fragment.size, &features);
    int covers = frame.x_offset == 0 && frame.y_offset == 0 && (uint32_t)frame.width == header->width &&
                 (uint32_t)frame.height == header->height;
    int alpha = frame.has_alpha || (flags & ALPHA_FLAG) || !covers;
    WebPDemuxReleaseIterator(&frame);
    if (code != VP8_STATUS_OK) return webp_failure(decoder, code, "first frame header");
    header->lossless = features.format == 2;
    header->channels = alpha ? 4 : 3;
    if (flags & ICCP_FLAG) keep_chunk(state, "ICCP", &header->icc, &header->icc_length);
    if (flags & EXIF_FLAG) {
        keep_chunk(state, "EXIF", &header->exif, &header->exif_length);
        // Some writers (ImageMagick, exiftool once) put JPEG's "Exif\0\0" before the TIFF header.
        if (header->exif_length >= 6 && memcmp(header->exif, "Exif\0\0", 6) == 0) {
            header->exif += 6;
            header->exif_length -= 6;
        }
    }
    return PIK_OK;
}

static pik_status read_still(pik_raster_decoder *decoder, webp_state *state, uint8_t *pixels, size_t stride) {
    WebPIterator frame;
    if (!WebPDemuxGetFrame(state->demux, 1, &frame)) return pik_raster_fail(decoder, PIK_CORRUPT, "the file holds no frame");
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) {
        WebPDemuxReleaseIterator(&frame);
        return pik_raster_fail(decoder, PIK_INTERNAL, "libwebp version mismatch");
    }
    int channels = decoder->header.channels;
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = pixels;
    config.output.u.RGBA.stride = (int)stride;
    config.output.u.RGBA.size = stride * decoder->header.height;
    VP8StatusCode code = WebPDecode(frame.fragment.bytes, frame.fragment.size, &config);
    WebPDemuxReleaseIterator(&frame);
    WebPFreeDecBuffer(&config.output);
    return code == VP8_STATUS_OK ? PIK_OK : webp_failure(decoder, code, "image data");
}

static pik_status read_first_frame(pik_raster_decoder *decoder, webp_state *state, uint8_t *pixels, size_t stride) {
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) return pik_raster_fail(decoder, PIK_INTERNAL, "libwebp version mismatch");
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPAnimDecoder *animation = WebPAnimDecoderNew(&state->data, &options);
    if (animation == NULL) return pik_raster_fail(decoder, PIK_CORRUPT, "the animation cannot be decoded");
    uint8_t *canvas = NULL;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(animation, &canvas, &timestamp)) {
        WebPAnimDecoderDelete(animation);
        return pik_raster_fail(decoder, PIK_CORRUPT, "the first frame of the animation cannot be decoded");
    }
    uint32_t width = decoder->header.width, height = decoder->header.height;
    int channels = decoder->header.channels;
    for (uint32_t y = 0; y < height; y++) {
        const uint8_t *in = canvas + (size_t)y * width * 4;
        uint8_t *out = pixels + (size_t)y * stride;
        if (channels == 4) {
            memcpy(out, in, (size_t)width * 4);
        } else {
            for (uint32_t x = 0; x < width; x++) memcpy(out + 3 * (size_t)x, in + 4 * (size_t)x, 3);
        }
    }
    WebPAnimDecoderDelete(animation);
    return PIK_OK;
}

static pik_status webp_read_pixels(pik_raster_decoder *decoder, uint8_t *pixels, size_t stride) {
    webp_state *state = decoder->state;
    return state->animated ? read_first_frame(decoder, state, pixels, stride) : read_still(decoder, state, pixels, stride);
}

static void webp_destroy(pik_raster_decoder *decoder) {
    webp_state *state = decoder->state;
    if (state == NULL) return;
    WebPDemuxDelete(state->demux);
    free(state);
}

static void webp_version(char *buffer, size_t capacity) {
    int version = WebPGetDecoderVersion();
    snprintf(buffer, capacity, "libwebp %d.%d.%d", version >> 16, (version >> 8) & 0xFF, version & 0xFF);
}

const pik_raster_codec pik_webp_codec = {webp_read_header, webp_read_pixels, webp_destroy, webp_version};
